import {
  displacedBy,
  isOwnProofFile,
  normalizeContactPhone,
  registryPhoneMatches,
  unverifiedHoldersOf,
  verifiedOwnerOf,
} from '../../../cloudfunctions/src/core/binding';
import { mapOutboxMessage } from '../../../cloudfunctions/src/core/notifications';

describe('enterprise binding rules', () => {
  test('only an owner with a verification is the verified owner; a legacy owner is an unverified holder', () => {
    expect(verifiedOwnerOf({ ownerOpenid: 'a', ownerVerifiedBy: 'documents' })).toBe('a');
    expect(verifiedOwnerOf({ ownerOpenid: 'a' })).toBeNull();
    expect(verifiedOwnerOf(null)).toBeNull();
    expect(unverifiedHoldersOf({ ownerOpenid: 'legacy', claimantOpenids: ['b', 'legacy'] })).toEqual(['b', 'legacy']);
    expect(
      unverifiedHoldersOf({ ownerOpenid: 'a', ownerVerifiedBy: 'registry-phone', claimantOpenids: ['b'] }),
    ).toEqual(['b']);
    expect(displacedBy({ ownerOpenid: 'legacy', claimantOpenids: ['b', 'winner'] }, 'winner')).toEqual(['b', 'legacy']);
  });

  test('registry contact phones normalise to the digits WeChat reports', () => {
    expect(normalizeContactPhone('137-0000-1234')).toBe('13700001234');
    expect(normalizeContactPhone('+86 137 0000 1234')).toBe('13700001234');
    expect(normalizeContactPhone('0086 13700001234')).toBe('13700001234');
    expect(normalizeContactPhone('(0757) 2233-4455')).toBe('075722334455');
    expect(normalizeContactPhone('见营业执照')).toBeNull();
    expect(normalizeContactPhone('12')).toBeNull();
  });

  test('a missing side never matches', () => {
    expect(registryPhoneMatches('k', 'k')).toBe(true);
    expect(registryPhoneMatches('k', 'j')).toBe(false);
    expect(registryPhoneMatches(null, null)).toBe(false);
    expect(registryPhoneMatches('', '')).toBe(false);
    expect(registryPhoneMatches(undefined, 'k')).toBe(false);
  });

  test("proof files must be in the caller's own folder, with an image or PDF extension", () => {
    const id = (path: string) => `cloud://env-1.env-1-1300000000/${path}`;
    expect(isOwnProofFile(id('enterprise-proofs/o-a/licence.jpg'), 'o-a')).toBe(true);
    expect(isOwnProofFile(id('enterprise-proofs/o-a/2026/letter.PDF'), 'o-a')).toBe(true);
    expect(isOwnProofFile(id('enterprise-proofs/o-b/licence.jpg'), 'o-a')).toBe(false);
    expect(isOwnProofFile(id('enterprise-proofs/o-a/../o-b/licence.jpg'), 'o-a')).toBe(false);
    expect(isOwnProofFile(id('enterprise-proofs/o-a//licence.jpg'), 'o-a')).toBe(false);
    expect(isOwnProofFile(id('enterprise-proofs/o-a/licence.exe'), 'o-a')).toBe(false);
    expect(isOwnProofFile(id('enterprise-proofs/o-a'), 'o-a')).toBe(false);
    expect(isOwnProofFile(id('cable-photos/o-a/licence.jpg'), 'o-a')).toBe(false);
    expect(isOwnProofFile('enterprise-proofs/o-a/licence.jpg', 'o-a')).toBe(false);
    expect(isOwnProofFile(id('enterprise-proofs//licence.jpg'), '')).toBe(false);
  });

  test('the binding message: enterprise, result, note and time', () => {
    const res = mapOutboxMessage(
      {
        template: 'enterpriseBinding',
        page: 'pages/user/enterprise/index',
        data: {
          enterprise: '佛山市顺德区美达电器有限公司',
          result: '被驳回',
          note: '授权委托书未加盖企业公章',
          time: '2026-11-21 09:30',
        },
      },
      { enterpriseBinding: 'tpl' },
    );
    expect(res.ok && res.message.data).toEqual({
      thing1: { value: '佛山市顺德区美达电器有限公司' },
      phrase2: { value: '被驳回' },
      thing3: { value: '授权委托书未加盖企业公章' },
      time4: { value: '2026-11-21 09:30' },
    });
  });
});
