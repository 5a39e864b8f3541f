package io.callhook.contact;

/** A contacts file that cannot be imported, with the line (1-based) of the first problem. Nothing is imported. */
public final class ContactFileException extends IllegalArgumentException {

    private final int line;

    public ContactFileException(int line, String problem) {
        super("line " + line + ": " + problem);
        this.line = line;
    }

    /** The line of the file the problem is on (1-based). */
    public int line() {
        return line;
    }
}
