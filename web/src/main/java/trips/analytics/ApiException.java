package trips.analytics;

/** A request the API refuses: the status (400 bad input, 404 unknown thing) and what to tell the caller. */
final class ApiException extends RuntimeException {

    final int status;

    private ApiException(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    static ApiException badRequest(String message) {
        return new ApiException(400, message);
    }

    static ApiException notFound(String message) {
        return new ApiException(404, message);
    }
}
