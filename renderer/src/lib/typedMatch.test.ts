import { describe, expect, it, vi } from 'vitest';
import { matchesSearch } from '../stores/library';
import { containsTyped } from './typedMatch';

// The library store reaches main through api.ts, which needs the preload's bridge.
vi.mock('../api', () => ({ api: {} }));

describe('containsTyped', () => {
  it('matches what is typed whatever the case, the accents or the form its letters are stored in', () => {
    expect(containsTyped('İADE_Kuyruğu', 'iade')).toBe(true);
    expect(containsTyped('Işık Destek', 'isik')).toBe(true);
    expect(containsTyped('Re\u0301clamations', 'réclam')).toBe(true);
    expect(containsTyped('Réclamations', 'Re\u0301clam')).toBe(true);
    expect(containsTyped('Billing', 'refunds')).toBe(false);
  });

  it('takes German’s ß for "ss" both ways, as Swiss German writes it and its keyboards type it', () => {
    expect(containsTyped('Freundliche Grüße', 'grüsse')).toBe(true);
    expect(containsTyped('Hauptstrasse 4', 'straße')).toBe(true);
    expect(containsTyped('GROẞHANDEL', 'grosshandel')).toBe(true);
    const response = { id: 1, name: 'Grüße', text: 'Freundliche Grüße', updatedAt: 0 };
    expect(matchesSearch(response, 'Grüsse')).toBe(true);
  });

  it('filters the standard responses so too', () => {
    const response = { id: 1, name: 'İade süreci', text: 'Commande annule\u0301e', updatedAt: 0 };
    expect(matchesSearch(response, 'iade')).toBe(true);
    expect(matchesSearch(response, 'annulée')).toBe(true);
    expect(matchesSearch(response, 'remboursement')).toBe(false);
  });
});
