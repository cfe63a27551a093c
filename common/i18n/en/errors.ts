/** English text of the `errors` area (see common/i18n/README.md). */
export default {};
