/** English text of the `inbox` area (see common/i18n/README.md). */
export default {};
