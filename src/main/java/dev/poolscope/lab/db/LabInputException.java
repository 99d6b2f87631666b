package dev.poolscope.lab.db;

/** Bad input or an unusable database, found before a run starts; the message is meant for the user as is. */
public final class LabInputException extends Exception {
    public LabInputException(String message) {
        super(message);
    }
}
