export { HttpClient } from "./client.ts";
export type {
  HttpClientOptions,
  RequestOptions,
  RetryOptions,
  JsonResponse,
  HttpStats,
  DescribeError,
  ErrorDescription,
  ErrorInfo,
  FetchLike,
} from "./options.ts";
export { headerAuth, bearerAuth, basicAuth, noAuth, type AuthStrategy } from "./auth.ts";
export { RateLimiter, RateLimiterPool, type RateLimitOptions } from "./limiter.ts";
export { urlPath, type QueryParams, type QueryValue } from "./url.ts";
export { yieldToEventLoop, type Sleep } from "./sleep.ts";
