import type { Catalog } from '../catalog';
import type en from '../en/settings';

const settings: Catalog<typeof en> = {
  language: {
    tab: 'Idioma',
    title: 'Idioma',
    legend: 'Idioma de la aplicación',
    system: 'Como el sistema: {language}',
    help: 'El menú de la bandeja y las notificaciones también lo siguen. Cada idioma aparece con su propio nombre, para que encuentres el tuyo sea cual sea el idioma actual.',
  },
  appearance: {
    tab: 'Apariencia',
    title: 'Apariencia',
    legend: 'Colores',
    system: 'Como el sistema',
    light: 'Claro',
    dark: 'Oscuro',
    help: '«Como el sistema» sigue el modo claro u oscuro de tu equipo, también cuando cambia a lo largo del día.',
  },
  sound: {
    tab: 'Sonido',
    title: 'Sonido',
    invitationSound: 'Reproducir un aviso sonoro cuando llega una invitación',
    help: 'Si el aviso suena una vez o hasta que respondas se configura en las invitaciones.',
    test: 'Reproducir sonido de prueba',
    testFailed:
      'No se pudo reproducir el sonido de prueba: comprueba que este equipo tiene una salida de audio y que no está silenciada.',
  },
};
export default settings;
