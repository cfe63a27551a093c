// i18n: pending (issue 15: remove when this file's text is in the catalogs)
import { missingCaseError, type ErrorKind, type SwitchboardError } from '../../../common/errors';

/** An error kind in the agent's words. */
export function errorKindLabel(kind: ErrorKind): string {
  switch (kind) {
    case 'missingParameter':
      return 'Missing information';
    case 'invalidState':
      return 'Not possible now';
    case 'forbidden':
      return 'Refused by the server';
    case 'internal':
      return 'Internal error';
    case 'permissionDenied':
      return 'Permission denied';
    case 'notFound':
      return 'Not found';
    case 'unauthorized':
      return 'Not authorized';
    case 'network':
      return 'Network problem';
    case 'timeout':
      return 'Timed out';
    case 'invalidArgument':
      return 'Invalid input';
    default:
      throw missingCaseError(kind);
  }
}

/** What an alert region shows for a failed call: the kind in words, then main's message. */
export function errorText(error: SwitchboardError): string {
  return `${errorKindLabel(error.kind)}: ${error.message}`;
}
