package io.callhook.aws;

/**
 * A failed AWS call: the service refused it ({@link AwsServiceException}) or it never got an answer (I/O error,
 * timeout). {@link #retryable()} says whether a later attempt can succeed; the client has already retried those
 * as far as its retry strategy allows.
 */
public class AwsException extends RuntimeException {

    private final boolean retryable;

    public AwsException(String message, Throwable cause, boolean retryable) {
        super(message, cause);
        this.retryable = retryable;
    }

    public boolean retryable() {
        return retryable;
    }
}
