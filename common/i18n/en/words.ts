/** English text of the `words` area (see common/i18n/README.md). */
export default {};
