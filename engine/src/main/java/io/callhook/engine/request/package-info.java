/**
 * Reads request parameters, refusing missing or mistyped ones with DynamoDB's validation messages. Imports only
 * {@code model} and {@code error}.
 */
package io.callhook.engine.request;
