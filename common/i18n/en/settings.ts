/** English text of the `settings` area (see common/i18n/README.md). */
export default {};
