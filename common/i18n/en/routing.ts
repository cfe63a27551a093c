/** English text of the `routing` area (see common/i18n/README.md). */
export default {};
