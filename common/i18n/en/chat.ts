/** English text of the `chat` area (see common/i18n/README.md). */
export default {};
