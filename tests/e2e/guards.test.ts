import { describe, expect, it } from 'vitest';
import type { SwitchboardHandlers } from '../../common/contract';
import { INVITATION_GONE } from '../../main/workstation/invitations';
import {
  acceptedChat,
  chooseInAgentMenu,
  darkScreenshotsAt1280And320,
  emulateWindow,
  focusedId,
  REFLOW_320,
  row,
  screenshotsAtThreeSizes,
  signInReady,
  textLines,
  useDeskPages,
  type DeskPage,
} from './deskHarness';

// Issue 14 items 4 (no phantom invitations) and 5 (no abandoned work) in the shipped renderer,
// in Chromium, against the real desk core, cache and GWS client talking to the simulator.

const { open: openDeskPage } = useDeskPages();

describe('no phantom invitations', () => {
  it('clears the row at once when Reject is answered, with no "withdrawn" alert', async () => {
    const { page, simulator, os } = await openDeskPage();
    await signInReady(page);
    const id = simulator.control.startChat({
      customerNickName: 'Tom Baker',
      subject: 'Order 1234 is late',
      firstMessage: 'Hello?',
    });
    const invitation = row(page, id);
    await expect.poll(() => invitation.getAttribute('data-state')).toBe('Invited');

    await invitation.getByRole('button', { name: 'Reject Chat from' }).click();

    // The server tells the rejecting agent nothing: the row goes on the desk's own record.
    await expect.poll(() => row(page, id).count()).toBe(0);
    expect(simulator.world.interactions.get(id)?.invitee).toBeNull();
    // Its OS notification (with Accept/Reject) closes too, and no "withdrawn" one replaces it.
    const offered = os.shown.find((alert) => alert.interactionId === id && alert.kind === 'invite');
    expect(offered).toBeDefined();
    await expect.poll(() => os.closed).toContain(offered?.id);
    expect(
      os.shown.filter((alert) => alert.interactionId === id).map((alert) => alert.kind),
    ).not.toContain('revoke');
  });

  it('clears the row when the server withdraws the invitation for another agent', async () => {
    const { page, simulator } = await openDeskPage();
    await signInReady(page);
    const id = simulator.control.startChat({ customerNickName: 'Ann', subject: 'Refund' });
    await expect.poll(() => row(page, id).getAttribute('data-state')).toBe('Invited');

    expect(simulator.control.revoke(id)).toBe(true);

    await expect.poll(() => row(page, id).count()).toBe(0);
  });

  it("clears the row at the next resync when the invitation is gone from the server's list", async () => {
    const { page, simulator, desk } = await openDeskPage();
    await signInReady(page);
    const id = simulator.control.startChat({ customerNickName: 'Ann', subject: 'Refund' });
    await expect.poll(() => row(page, id).getAttribute('data-state')).toBe('Invited');
    // Taken by another agent, with no notification to this desk: only a resync can tell.
    const taken = simulator.world.interactions.get(id);
    if (taken === undefined) throw new Error('no such chat');
    Object.assign(taken, { invitee: null, owner: 'agent2', state: 'Accepted' });
    expect(await row(page, id).count()).toBe(1);

    await desk.checkConnection();

    await expect.poll(() => row(page, id).count()).toBe(0);
  });

  it('says in one sentence that an invitation another agent took is gone, and drops its row', async () => {
    const { page, simulator } = await openDeskPage();
    await signInReady(page);
    const id = simulator.control.startChat({ customerNickName: 'Ann', subject: 'Refund' });
    const invitation = row(page, id);
    await expect.poll(() => invitation.getAttribute('data-state')).toBe('Invited');
    // Another agent took it, and the notification that would have told this desk got lost.
    const taken = simulator.world.interactions.get(id);
    if (taken === undefined) throw new Error('no such chat');
    Object.assign(taken, { invitee: null, owner: 'agent2', state: 'Accepted' });

    await invitation.getByRole('button', { name: 'Accept Chat from' }).click();

    await expect
      .poll(() => page.getByRole('alert').allInnerTexts())
      .toContainEqual(expect.stringContaining(INVITATION_GONE));
    await expect.poll(() => row(page, id).count()).toBe(0);
  });
});

describe('no abandoned work', () => {
  it('lists the accepted chat before signing out: Cancel keeps the desk, "Sign out anyway" signs out', async () => {
    const { page, simulator, desk } = await openDeskPage();
    await signInReady(page);
    const id = simulator.control.startChat({
      customerNickName: 'Tom Baker',
      subject: 'Order 1234 is late',
      firstMessage: 'Hello, my order has not arrived.',
    });
    const chat = row(page, id);
    await expect.poll(() => chat.getAttribute('data-state')).toBe('Invited');
    await chat.getByRole('button', { name: 'Accept Chat from' }).click();
    await expect.poll(() => chat.getAttribute('data-state')).toBe('Accepted');

    await chooseInAgentMenu(page, 'Sign out');
    const guard = page.getByRole('dialog', { name: 'Sign out with work in progress?' });
    await expect.poll(() => guard.isVisible()).toBe(true);
    const listed = guard.getByRole('table', { name: 'Interactions in progress' });
    expect(await listed.locator('tbody tr').allInnerTexts()).toEqual([
      expect.stringMatching(/Order 1234 is late\s+Tom Baker\s+Chat/u),
    ]);
    // Cancel has the keyboard: Enter or Escape never abandons the customer.
    expect(
      await page.evaluate(
        () =>
          (globalThis as unknown as { document: { activeElement: { textContent: string } | null } })
            .document.activeElement?.textContent,
      ),
    ).toContain('Cancel');
    await screenshotsAtThreeSizes(page, 'guards', 'sign-out-guard');
    // In a 320 px window the table's headings keep their words whole ("Custom/er" before).
    await emulateWindow(page, REFLOW_320);
    for (const heading of await guard.locator('th').all()) expect(await textLines(heading)).toBe(1);
    await emulateWindow(page, { width: 1280, height: 800 });

    await guard.getByRole('button', { name: 'Cancel' }).click();
    await expect.poll(() => guard.isVisible()).toBe(false);
    expect(desk.signedIn).toBe(true);
    expect(await chat.getAttribute('data-state')).toBe('Accepted');

    await chooseInAgentMenu(page, 'Sign out');
    await expect.poll(() => guard.isVisible()).toBe(true);
    await guard.getByRole('button', { name: 'Sign out anyway' }).click();
    await expect.poll(() => desk.signedIn).toBe(false);
    await expect.poll(() => page.getByRole('button', { name: 'Sign in' }).isVisible()).toBe(true);
  });

  it('signs out without asking when nothing is in progress', async () => {
    const { page, desk } = await openDeskPage();
    await signInReady(page);
    await chooseInAgentMenu(page, 'Sign out');
    await expect.poll(() => desk.signedIn).toBe(false);
    expect(await page.getByRole('dialog').count()).toBe(0);
  });

  // 003's dialect (a) offers an accepted chat no EndChatSession: Done's StopProcessing is the one
  // way to end it, and the server ends the customer's session with it.
  it.each([
    ['', {}],
    [" on a server of 003's dialect", { simulator: { dialect: 'a' as const } }],
  ])(
    'ends a live chat when Done is pressed, so that the customer is not left alone in it%s',
    async (_, options) => {
      const { page, simulator } = await openDeskPage(options);
      await signInReady(page);
      const id = await acceptedChat(
        { page, simulator },
        { customerNickName: 'Tom Baker', subject: 'Order 1234 is late', firstMessage: 'Hello?' },
      );
      const sessionOf = () => simulator.world.interactions.get(id)?.chat;
      expect(sessionOf()?.parties.some((party) => party.userType === 'Client')).toBe(true);

      await page.getByRole('button', { name: 'Done' }).click();

      // The simulator saw the chat ended: the customer left, then the interaction completed.
      await expect.poll(() => simulator.world.interactions.get(id)?.state).toBe('Completed');
      expect(sessionOf()?.parties).toEqual([]);
      expect(
        sessionOf()?.events.some(
          (event) => event.kind === 'PARTY_LEFT' && event.userType === 'Client',
        ),
      ).toBe(true);
      await expect.poll(() => row(page, id).count()).toBe(0);
    },
  );
  it('asks before Done takes a chat line typed and not sent with the chat, and keeps it on the first answer', async () => {
    const deskPage = await openDeskPage();
    const { page, simulator, problems } = deskPage;
    await signInReady(page);
    const id = await acceptedChat(deskPage, {
      customerNickName: 'Tom Baker',
      subject: 'Order 1234 is late',
      firstMessage: 'Hello?',
    });
    const box = page.getByRole('textbox', { name: 'Message' });
    await box.fill('Your parcel left the depot today. Goodbye!');

    // Done would end the chat, the goodbye unsent and gone with it: asked first.
    await page.getByRole('button', { name: 'Done' }).click();
    const question = page.getByTestId('unsent-line-question');
    await expect.poll(() => question.count()).toBe(1);
    expect(await question.innerText()).toContain('Your message is not sent yet.');
    expect(await question.getByRole('button').allInnerTexts()).toEqual([
      'Back to the message',
      'Done anyway',
    ]);
    expect(simulator.world.interactions.get(id)?.state).toBe('Accepted');
    await screenshotsAtThreeSizes(page, 'guards', 'unsent-line');
    await darkScreenshotsAt1280And320(page, 'guards', 'unsent-line');
    // The first answer: back in the box, the line as typed; Enter sends it.
    await question.getByRole('button', { name: 'Back to the message' }).click();
    await expect.poll(() => question.count()).toBe(0);
    await expect.poll(() => focusedId(page)).toBe('composer-text');
    expect(await box.inputValue()).toBe('Your parcel left the depot today. Goodbye!');
    await page.keyboard.press('Enter');
    await expect
      .poll(() => page.getByRole('log', { name: 'Chat transcript' }).innerText())
      .toContain('Your parcel left the depot today. Goodbye!');
    await expect.poll(() => box.inputValue()).toBe('');

    // Nothing left behind: Done goes at once.
    await page.getByRole('button', { name: 'Done' }).click();
    await expect.poll(() => simulator.world.interactions.get(id)?.state).toBe('Completed');
    expect(problems).toEqual([]);
  });
});

// Two hands on one invitation at once: the answer the agent gave first is the one sent.

/** A gate: `wait` resolves once `open` is called. */
function gate(): { wait: Promise<void>; open: () => void } {
  let open = (): void => undefined;
  const wait = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { wait, open };
}

/**
 * A desk whose Accepts and Rejects are counted (`calls`), each answer held until `held` opens;
 * Ann's chat offered to it and open in the detail.
 */
async function invitationOpen(): Promise<{
  deskPage: DeskPage;
  id: string;
  calls: string[];
  held: ReturnType<typeof gate>;
}> {
  const held = gate();
  const calls: string[] = [];
  const counted =
    <K extends 'accept' | 'reject'>(handlers: SwitchboardHandlers, name: K) =>
    async (...args: Parameters<SwitchboardHandlers['interactions'][K]>) => {
      calls.push(name);
      await held.wait;
      return (handlers.interactions[name] as (...a: typeof args) => unknown)(...args);
    };
  const deskPage = await openDeskPage({
    handlers: (handlers) => ({
      ...handlers,
      interactions: {
        ...handlers.interactions,
        accept: counted(handlers, 'accept') as SwitchboardHandlers['interactions']['accept'],
        reject: counted(handlers, 'reject') as SwitchboardHandlers['interactions']['reject'],
      },
    }),
  });
  const { page, simulator } = deskPage;
  await signInReady(page);
  const id = simulator.control.startChat({ customerNickName: 'Ann', subject: 'Refund' });
  const offered = row(page, id);
  await expect.poll(() => offered.getAttribute('data-state')).toBe('Invited');
  await offered.locator('button.row__main').click();
  await expect.poll(() => page.getByTestId('detail-subject').innerText()).toBe('Refund');
  return { deskPage, id, calls, held };
}

describe('an invitation answered from its detail and its row at once', () => {
  it("sends the detail's Accept alone: the row's Accept and Reject meanwhile send nothing", async () => {
    const { deskPage, id, calls, held } = await invitationOpen();
    const { page, simulator, problems } = deskPage;
    const offered = row(page, id);
    await page
      .getByRole('toolbar', { name: 'Actions' })
      .getByRole('button', { name: 'Accept' })
      .click();
    await expect.poll(() => calls).toEqual(['accept']);
    // The row's buttons say an answer is on its way; pressed all the same (a quick agent, the
    // keyboard), they answer nothing.
    const rowAccept = offered.getByRole('button', { name: 'Accept Chat from' });
    await expect.poll(() => rowAccept.getAttribute('aria-disabled')).toBe('true');
    await rowAccept.click({ force: true });
    await offered.getByRole('button', { name: 'Reject Chat from' }).click({ force: true });
    await page.waitForTimeout(200);
    held.open();

    await expect.poll(() => offered.getAttribute('data-state')).toBe('Accepted');
    expect(calls).toEqual(['accept']);
    expect(simulator.world.interactions.get(id)?.owner).toBe('agent1');
    expect(await page.getByRole('alert').allInnerTexts()).toEqual([]);
    expect(problems).toEqual([]);
  });

  it("sends the row's Accept alone: the detail's Reject and Accept meanwhile send nothing", async () => {
    const { deskPage, id, calls, held } = await invitationOpen();
    const { page, simulator, problems } = deskPage;
    const offered = row(page, id);
    await offered.getByRole('button', { name: 'Accept Chat from' }).click();
    await expect.poll(() => calls).toEqual(['accept']);
    const toolbar = page.getByRole('toolbar', { name: 'Actions' });
    await toolbar.getByRole('button', { name: 'Reject' }).click({ force: true });
    await toolbar.getByRole('button', { name: 'Accept' }).click({ force: true });
    await page.waitForTimeout(200);
    held.open();

    await expect.poll(() => offered.getAttribute('data-state')).toBe('Accepted');
    expect(calls).toEqual(['accept']);
    expect(simulator.world.interactions.get(id)?.owner).toBe('agent1');
    expect(await page.getByRole('alert').allInnerTexts()).toEqual([]);
    expect(problems).toEqual([]);
  });
});

describe('an invitation accepted from its row, answered after the agent moved on', () => {
  it('leaves the agent in the chat she opened meanwhile, the keyboard in its box', async () => {
    const held = gate();
    let holding = false;
    const deskPage = await openDeskPage({
      handlers: (handlers) => ({
        ...handlers,
        interactions: {
          ...handlers.interactions,
          accept: async (...args: Parameters<typeof handlers.interactions.accept>) => {
            if (holding) await held.wait;
            return handlers.interactions.accept(...args);
          },
        },
      }),
    });
    const { page, simulator, problems } = deskPage;
    await signInReady(page);
    const tom = await acceptedChat(deskPage, {
      customerNickName: 'Tom Baker',
      subject: 'Order 1234 is late',
      firstMessage: 'Hello?',
    });
    // Bob's chat is the one open when she presses Accept on Ann's row.
    await acceptedChat(deskPage, { customerNickName: 'Bob', subject: 'Invoice copy' });
    await expect.poll(() => page.getByTestId('detail-subject').innerText()).toBe('Invoice copy');
    holding = true;
    const ann = simulator.control.startChat({ customerNickName: 'Ann', subject: 'Refund' });
    const offered = row(page, ann);
    await expect.poll(() => offered.getAttribute('data-state')).toBe('Invited');
    await offered.getByRole('button', { name: 'Accept Chat from' }).click();
    // The server takes its time: the agent opens Tom's chat and writes to him.
    await row(page, tom).locator('button.row__main').click();
    await expect
      .poll(() => page.getByTestId('detail-subject').innerText())
      .toBe('Order 1234 is late');
    const box = page.getByRole('textbox', { name: 'Message' });
    await box.click();
    await box.pressSequentially('Tom, your parcel');
    held.open();

    await expect.poll(() => offered.getAttribute('data-state')).toBe('Accepted');
    await page.waitForTimeout(300);
    // Not taken away to Ann's chat: what she types goes on reaching Tom's box.
    expect(await page.getByTestId('detail-subject').innerText()).toBe('Order 1234 is late');
    await page.keyboard.type(' left today.');
    expect(await box.inputValue()).toBe('Tom, your parcel left today.');
    expect(await focusedId(page)).toBe('composer-text');
    expect(problems).toEqual([]);
  });
});

describe('a New e-mail the server makes late', () => {
  it('waits in the inbox when the agent opened a chat meanwhile, her keyboard left in its box', async () => {
    const held = gate();
    let holding = false;
    let made: string | undefined;
    const deskPage = await openDeskPage({
      handlers: (handlers) => ({
        ...handlers,
        interactions: {
          ...handlers.interactions,
          createEmail: async (...args: Parameters<typeof handlers.interactions.createEmail>) => {
            if (holding) await held.wait;
            made = await handlers.interactions.createEmail(...args);
            return made;
          },
        },
      }),
    });
    const { page, problems } = deskPage;
    await signInReady(page);
    const tom = await acceptedChat(deskPage, { customerNickName: 'Tom Baker', subject: 'Late' });
    await acceptedChat(deskPage, { customerNickName: 'Bob', subject: 'Invoice copy' });
    await expect.poll(() => page.getByTestId('detail-subject').innerText()).toBe('Invoice copy');
    holding = true;
    await page.getByRole('button', { name: 'New e-mail' }).click();
    await row(page, tom).locator('button.row__main').click();
    await expect.poll(() => page.getByTestId('detail-subject').innerText()).toBe('Late');
    const box = page.getByRole('textbox', { name: 'Message' });
    await box.click();
    await box.pressSequentially('Tom, your parcel');
    held.open();

    await expect.poll(() => made).toBeDefined();
    await expect.poll(() => row(page, made ?? '').count()).toBe(1);
    await page.waitForTimeout(300);
    expect(await page.getByTestId('detail-subject').innerText()).toBe('Late');
    await page.keyboard.type(' left today.');
    expect(await box.inputValue()).toBe('Tom, your parcel left today.');
    expect(problems).toEqual([]);
  });
});
