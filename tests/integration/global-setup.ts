import { buildFunctions } from '../../scripts/build-functions';

// Integration tests run the bundled functions exactly as they would be deployed.
export default async function globalSetup(): Promise<void> {
  await buildFunctions({ quiet: true });
}
