/** English text of the `shortcuts` area (see common/i18n/README.md). */
export default {};
