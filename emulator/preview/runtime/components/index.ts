import { registerBasic } from './basic';
import { registerButton } from './button';
import { registerContainers } from './containers';
import { registerFields } from './fields';
import { registerMedia } from './media';
import { registerPicker } from './picker';

/** Registers every built-in component with j-component (global ids: `view`, `button`, …). */
export function registerBuiltins(): void {
  registerBasic();
  registerMedia();
  registerButton();
  registerFields();
  registerPicker();
  registerContainers();
}
