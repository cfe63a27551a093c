/** English text of the `header` area (see common/i18n/README.md). */
export default {};
