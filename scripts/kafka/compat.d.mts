// Types for compat.mjs.
export const KAFKAJS_CORE_APIS: readonly string[];

export interface ApiCompatibility {
  api: string;
  apiKey: number;
  /** The broker's advertised range (null: the broker does not know the API). */
  brokerMin: number | null;
  brokerMax: number | null;
  /** The versions kafkajs implements. */
  kafkajsVersions: number[];
  /** What kafkajs sends: min(its highest, broker max). */
  chosen: number | null;
  /** chosen is within the broker's range and implemented by kafkajs. */
  ok: boolean;
}

export function kafkajsApiCompatibility(
  address: string,
  apis?: readonly string[],
): Promise<ApiCompatibility[]>;
