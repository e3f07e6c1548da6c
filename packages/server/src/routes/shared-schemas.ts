/** Schemas used by more than one resource; each mirrors a component of openapi.yaml. */
import { z } from "@hono/zod-openapi";
import { ERROR_CODES } from "../errors.js";

export const ErrorSchema = z
  .object({
    error: z.string().openapi({ description: "What went wrong, for people." }),
    code: z.enum(ERROR_CODES).openapi({ description: "Stable machine-readable code." }),
  })
  .openapi("Error");

const errorResponse = (description: string) => ({
  description,
  content: { "application/json": { schema: ErrorSchema } },
});

/** The shared error responses, by status, as named in openapi.yaml. */
export const errorResponses = {
  400: errorResponse("The request is malformed or a value is invalid"),
  401: errorResponse("Missing or wrong credentials for this path"),
  404: errorResponse("No such task"),
  409: errorResponse("The task is not in a state that allows this"),
  413: errorResponse("The request body is over the size limit"),
  500: errorResponse("Something failed on the server"),
  507: errorResponse("The disk holding the task data is full"),
} as const;
