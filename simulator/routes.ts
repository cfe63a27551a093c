import { channelResource, interactionMessage, interactionResource } from './dialect';
import { readJsonBody } from './http';
import { isMediaChannel } from './model';
import { channelOperation } from './operations/channels';
import {
  interactionCollectionOperations,
  interactionOperationTables,
  extraRoutes,
} from './operations/index';
import { MAX_ATTACHMENT_BYTES } from './operations/attachments';
import { fetchedState } from './operations/chat';
import { visibleInteraction } from './operations/interactions';
import { meOperation } from './operations/me';
import { userResource } from './operations/users';
import {
  GwsFailure,
  notFound,
  NUMERIC_STATUS_OPERATIONS,
  requireOperationName,
  StatusCode,
  unknownOperation,
  type Route,
  type RouteContext,
} from './operations/types';

function param(context: RouteContext, index: number): string {
  const value = context.params[index];
  if (value === undefined) throw new Error(`route parameter ${index} missing`);
  return value;
}

function channelsOf(context: RouteContext): Record<string, unknown>[] {
  const agent = context.world.agent(context.user.userName);
  return [...agent.channels.keys()].map((channel) => channelResource(agent, channel));
}

const FEATURES = [
  {
    id: 'api-multimedia',
    displayName: 'Multimedia API',
    description: 'API for non-voice channels',
  },
  {
    id: 'api-provisioning-read',
    displayName: 'Provisioning (read)',
    description: 'General provisioning read',
  },
  { id: 'api-voice', displayName: 'Voice API', description: 'The API for the voice channel.' },
];

/**
 * The contact center's features: all of them, or (`withoutMultimedia`) all but api-multimedia;
 * the refusals of `FeaturesAnswer` throw.
 */
function featuresOf(context: RouteContext): typeof FEATURES {
  switch (context.features) {
    case 'notFound':
      throw notFound('No resource /features');
    case 'forbidden':
      throw new GwsFailure(StatusCode.forbidden, 'Features are not visible to this user');
    case 'internal':
      throw new GwsFailure(StatusCode.internal, 'Features could not be read');
    case 'withoutMultimedia':
    case 'multimediaDisabled':
      return FEATURES.filter((feature) => feature.id !== 'api-multimedia');
    case 'all':
    case 'malformed':
      return FEATURES;
  }
}

const coreRoutes: readonly Route[] = [
  {
    method: 'GET',
    pattern: /^\/me$/,
    style: 'resource',
    handle: (context) => {
      const user = userResource(context, context.user);
      if (context.url.searchParams.get('subresources') === '*') {
        const agent = context.world.agent(context.user.userName);
        Object.assign(user, {
          channels: channelsOf(context),
          devices: [],
          // 003's user attribute ("doNotDisturb", FlagV2 On/Off).
          doNotDisturb: agent.dnd ? 'On' : 'Off',
          contactCenterSession: agent.sessionStarted,
        });
      }
      return { kind: 'resource', body: { user } };
    },
  },
  {
    method: 'POST',
    pattern: /^\/me$/,
    style: 'operation',
    handle: async (context) => {
      const body = await readJsonBody(context.request);
      const name = requireOperationName(body);
      const operation = meOperation(context, name);
      if (!operation) throw unknownOperation(name);
      if (name === 'ChangePassword' && context.url.searchParams.get('firstLogin') === 'true') {
        // firstLogin is the only way a user who must change the password may do anything.
      } else if (name === 'ChangePassword' && context.user.mustChangePassword) {
        throw new GwsFailure(
          StatusCode.forbidden,
          'First login: call ChangePassword with firstLogin=true',
        );
      }
      return { kind: 'operation', body: operation(context, body) ?? {} };
    },
  },
  {
    method: 'GET',
    pattern: /^\/me\/channels$/,
    style: 'resource',
    handle: (context) => ({ kind: 'resource', body: { channels: channelsOf(context) } }),
  },
  {
    method: 'GET',
    pattern: /^\/me\/channels\/([^/]+)$/,
    style: 'resource',
    handle: (context) => {
      const channel = param(context, 0);
      const agent = context.world.agent(context.user.userName);
      if (!isMediaChannel(channel) || !agent.channels.has(channel))
        throw notFound(`Channel ${channel} not found`);
      return { kind: 'resource', body: { channel: channelResource(agent, channel) } };
    },
  },
  {
    method: 'POST',
    pattern: /^\/me\/channels\/([^/]+)$/,
    style: 'operation',
    handle: async (context) => {
      const channel = param(context, 0);
      const agent = context.world.agent(context.user.userName);
      if (!isMediaChannel(channel) || !agent.channels.has(channel))
        throw notFound(`Channel ${channel} not found`);
      const body = await readJsonBody(context.request);
      const name = requireOperationName(body);
      const operation = channelOperation(context, name);
      if (!operation) throw unknownOperation(name);
      return { kind: 'operation', body: operation(context, channel, body) ?? {} };
    },
  },
  {
    method: 'GET',
    pattern: /^\/me\/devices$/,
    style: 'resource',
    handle: () => ({ kind: 'resource', body: { devices: [] } }),
  },
  {
    method: 'GET',
    pattern: /^\/settings$/,
    style: 'resource',
    handle: (context) => ({
      kind: 'resource',
      body: {
        settings: [
          { displayName: 'Agent States', uri: `${context.apiBase}/settings/agent-states` },
          { displayName: 'E-mail', uri: `${context.apiBase}/settings/email` },
        ],
      },
    }),
  },
  {
    // The e-mail settings group: the largest attachment the upload route takes (bytes).
    method: 'GET',
    pattern: /^\/settings\/email$/,
    style: 'resource',
    handle: () => ({
      kind: 'resource',
      body: {
        settings: [
          {
            name: 'max-attachment-size',
            displayName: 'Largest attachment (bytes)',
            value: MAX_ATTACHMENT_BYTES,
          },
        ],
      },
    }),
  },
  {
    method: 'GET',
    pattern: /^\/settings\/agent-states$/,
    style: 'resource',
    handle: (context) => ({
      kind: 'resource',
      body: {
        key: 'operationName',
        settings: context.world.agentStates.map((state) => ({ ...state })),
      },
    }),
  },
  {
    method: 'GET',
    pattern: /^\/features$/,
    style: 'resource',
    handle: (context) => {
      const features = featuresOf(context);
      return context.url.searchParams.get('fields') === '*' && context.features !== 'malformed'
        ? { kind: 'resource', body: { features } }
        : {
            kind: 'resource',
            body: { uris: features.map((feature) => `${context.apiBase}/features/${feature.id}`) },
          };
    },
  },
  {
    method: 'GET',
    pattern: /^\/features\/([^/]+)$/,
    style: 'resource',
    handle: (context) => {
      const feature = featuresOf(context).find((candidate) => candidate.id === param(context, 0));
      if (!feature) throw notFound(`Feature ${param(context, 0)} not found`);
      return { kind: 'resource', body: { feature } };
    },
  },
  {
    method: 'GET',
    pattern: /^\/me\/interactions$/,
    style: 'resource',
    handle: (context) => {
      const mine = context.world.interactionsOf(context.user.userName);
      if (context.url.searchParams.get('fields') === '*') {
        return {
          kind: 'resource',
          body: {
            interactions: mine.map((interaction) =>
              interactionMessage(
                context.dialect,
                interaction,
                fetchedState(interaction, context.user.userName),
                // None of the chat's events (dialect A), when the lists carry no transcripts.
                context.transcriptsInLists || interaction.chat === null ? undefined : [],
                context.user.userName,
              ),
            ),
          },
        };
      }
      return {
        kind: 'resource',
        body: {
          uris: mine.map((interaction) => `${context.apiBase}/interactions/${interaction.id}`),
        },
      };
    },
  },
  {
    method: 'GET',
    pattern: /^\/interactions\/([^/]+)$/,
    style: 'resource',
    handle: (context) => {
      const interaction = visibleInteraction(context, param(context, 0));
      return {
        kind: 'resource',
        body: {
          interaction: interactionResource(
            context.dialect,
            interaction,
            context.user.userName,
            fetchedState(interaction, context.user.userName),
          ),
        },
      };
    },
  },
  {
    method: 'POST',
    pattern: /^\/me\/interactions$/,
    style: 'operation',
    handle: async (context) => {
      const body = await readJsonBody(context.request);
      const name = requireOperationName(body);
      const operation = interactionCollectionOperations[name];
      if (!operation) throw unknownOperation(name);
      return {
        kind: 'operation',
        body: operation(context, body) ?? {},
        numericStatus: NUMERIC_STATUS_OPERATIONS.has(name),
      };
    },
  },
  {
    method: 'POST',
    pattern: /^\/me\/interactions\/([^/]+)$/,
    style: 'operation',
    handle: async (context) => {
      const body = await readJsonBody(context.request);
      const name = requireOperationName(body);
      const interaction = visibleInteraction(context, param(context, 0));
      const operation = interactionOperationTables
        .map((table) => table[name])
        .find((candidate) => candidate !== undefined);
      if (!operation) throw unknownOperation(name);
      return {
        kind: 'operation',
        body: operation(context, interaction, body) ?? {},
        numericStatus: NUMERIC_STATUS_OPERATIONS.has(name),
      };
    },
  },
];

export const routes: readonly Route[] = [...coreRoutes, ...extraRoutes];

/** Finds the route for a method and a path below `/api/v2`; `methods` lists what the path allows. */
export function matchRoute(
  method: string,
  path: string,
): { route: Route; params: string[] } | { route: null; pathKnown: boolean } {
  let pathKnown = false;
  for (const route of routes) {
    const match = route.pattern.exec(path);
    if (!match) continue;
    pathKnown = true;
    if (route.method === method) {
      return { route, params: match.slice(1).map((value) => decodeURIComponent(value)) };
    }
  }
  return { route: null, pathKnown };
}
