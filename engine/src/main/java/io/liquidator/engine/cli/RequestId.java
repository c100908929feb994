package io.liquidator.engine.cli;

/**
 * A batch line's {@code id}, echoed back as it came: a JSON string stays a string, a number keeps
 * its literal digits, absent or unreadable is null.
 */
record RequestId(Type type, String text) {
    enum Type { STRING, NUMBER, NULL }

    static final RequestId NONE = new RequestId(Type.NULL, null);

    static RequestId string(final String s) {
        return new RequestId(Type.STRING, s);
    }

    static RequestId number(final String literal) {
        return new RequestId(Type.NUMBER, literal);
    }
}
