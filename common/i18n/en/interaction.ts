/** English text of the `interaction` area (see common/i18n/README.md). */
export default {};
