/**
 * Masking of personal data shown to anyone but its owner: the rule lives once in
 * miniprogram/shared/privacy.ts; views mask with it here.
 */
export { maskPersonName, maskPhone } from '../../../miniprogram/shared/privacy';
