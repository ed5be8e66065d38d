/**
 * After a failed submit (the page's own check, or the server's VALIDATION_FAILED), every form page
 * takes the user to the first field with a problem: it scrolls the page to the field's anchor and,
 * for a field one can type into, focuses it (the keyboard opens there).
 *
 * A page marks each field's wrapper with `id="field-<name>"` (fieldAnchor) and binds its text boxes'
 * `focus="{{focusField === '<name>'}}"`; its data holds `focusField: ''`.
 */
import { ApiError } from '../services/api';

/** The element id a page gives a field's wrapper, e.g. `field-contactPhone`. */
export function fieldAnchor(field: string): string {
  return `field-${field.replace(/[^A-Za-z0-9_-]/g, '-')}`;
}

/** The first field (in the form's order) that has a message, or ''. */
export function firstField(order: readonly string[], errors: Readonly<Record<string, string | undefined>>): string {
  return order.find((field) => !!errors[field]) ?? '';
}

interface FormPage {
  setData(data: Record<string, unknown>): void;
}

/**
 * Scrolls to `field` and, when it can take the keyboard, sets the page's `focusField` to it. The flag is
 * cleared first, so a second failed submit on the same field focuses it again.
 */
export function goToField(page: FormPage, field: string, options: { focus?: boolean } = {}): void {
  if (!field) return;
  wx.pageScrollTo({ selector: `#${fieldAnchor(field)}`, duration: 300 });
  if (options.focus === false) return;
  page.setData({ focusField: '' });
  page.setData({ focusField: field });
}

/**
 * The first field of `order` with a message: scrolls there and focuses it when it is in `typable`
 * (text boxes; pickers and choices are only scrolled to). Returns the field ('' when there is none).
 */
export function goToFirstError(
  page: FormPage,
  order: readonly string[],
  errors: Readonly<Record<string, string | undefined>>,
  typable: readonly string[] = order,
): string {
  const field = firstField(order, errors);
  goToField(page, field, { focus: typable.includes(field) });
  return field;
}

/** One field the server refused (the router's `details.fields`). */
export interface ServerFieldIssue {
  path: string;
  label: string;
  message: string;
}

/** The fields a VALIDATION_FAILED answer names, in the server's order (none for any other failure). */
export function serverFieldIssues(error: unknown): ServerFieldIssue[] {
  if (!(error instanceof ApiError) || error.code !== 'VALIDATION_FAILED') return [];
  const fields = (error.details as { fields?: unknown } | undefined)?.fields;
  if (!Array.isArray(fields)) return [];
  return fields.filter(
    (f): f is ServerFieldIssue =>
      !!f && typeof f === 'object' && typeof f.path === 'string' && typeof f.message === 'string',
  );
}

/**
 * The server's refusal as the page's field messages: `fieldOf` maps an input path (`contact.phone`) to
 * the page's field (`contactPhone`); paths the page has no field for are left out. In the server's order.
 */
export function serverFieldErrors(
  error: unknown,
  fieldOf: Readonly<Record<string, string>> | ((path: string) => string | undefined),
): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const issue of serverFieldIssues(error)) {
    const field = typeof fieldOf === 'function' ? fieldOf(issue.path) : fieldOf[issue.path];
    if (field && !errors[field]) errors[field] = issue.message;
  }
  return errors;
}
