/** Brings the first field with an error into view (the form is longer than a small phone's screen). */
export function scrollToFirstError(): void {
  window.setTimeout(() => {
    const first = document.querySelector('.adm-form-item-has-error, .adm-form-item-feedback-error');
    first?.scrollIntoView({ behavior: 'smooth', block: 'center' });
  }, 80);
}
