/** English text of the `email` area (see common/i18n/README.md). */
export default {};
