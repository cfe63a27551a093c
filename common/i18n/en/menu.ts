/** English text of the `menu` area (see common/i18n/README.md). */
export default {};
