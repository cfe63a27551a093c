/** English text of the `tray` area (see common/i18n/README.md). */
export default {};
