/** English text of the `chat` area: the transcript, the composer, who is in the chat (see ../README.md). */
export default {
  transcript: {
    label: 'Chat transcript',
    empty: 'No messages yet.',
    someone: 'Someone',
    unknownAuthor: 'Unknown',
    joined: '{who} joined',
    left: '{who} left',
    notice: '{who}: {text}',
    noticeFallback: 'notice',
    internal: 'internal',
    /** The button under the transcript to the lines that came while the agent read earlier ones. */
    newLinesBelow: '{count} new line below | {count} new lines below',
  },
  composer: {
    label: 'Message',
    placeholder: 'Write a message… (Enter sends, Shift+Enter for a new line)',
    placeholderAgentsOnly: 'Write to the agents only… (Enter sends, Shift+Enter for a new line)',
    placeholderEveryone: 'Write to everyone in the chat… (Enter sends, Shift+Enter for a new line)',
    agentsOnly: 'Agents only',
    agentsOnlyHint: 'The customer does not see these messages.',
    agentsOnlyEnded: 'No other agent is in the chat now: your next message goes to the customer.',
    consultationEnded: 'The consultation is over: your next message goes to the customer.',
    send: 'Send',
    /** The customer left: the box is closed, the reason said in its place. */
    customerLeft:
      '{name} left the chat: what you write no longer reaches them. Press Done when you have finished.',
  },
  collaboration: {
    inThisChat: 'In this chat:',
    nobodyYet: 'nobody has joined yet',
    /** The participants line names the first few; this button shows the others. */
    morePeople: '+{count} more',
    fewerPeople: 'Show fewer',
    consultation: 'Consultation and conference',
    consultedNote: 'You were asked to consult: your messages are seen by agents only.',
    leave: 'Leave consultation',
    /**
     * The consultation's two endings, named after whom they end with: the notice above the chat
     * says "Consulting {name}" once, and the participants line that they are hidden.
     */
    transferTo: 'Transfer to {name}',
    conferenceWith: 'Conference with {name}',
    consult: 'Consult',
    conference: 'Conference',
    conferenceNote: 'In conference: everyone in the chat sees your messages.',
    leaveConference: 'Leave conference',
  },
  role: {
    customer: 'customer',
    agent: 'agent',
    consulting: 'agent, hidden from the customer',
    other: 'other party',
  },
  typing: {
    theCustomer: 'The customer',
    one: '{name} is typing…',
    many: '{names} and {last} are typing…',
  },
};
