package io.callhook.engine.expr;

import java.util.ArrayList;
import java.util.List;

/** Splits expression text into tokens; never fails: characters it does not know become tokens of their own. */
final class Lexer {

    enum Kind {
        IDENT, NAME_PLACEHOLDER, VALUE_PLACEHOLDER, NUMBER, LPAREN, RPAREN, LBRACKET, RBRACKET, DOT, COMMA,
        EQ, NE, LT, LE, GT, GE, PLUS, MINUS, UNKNOWN, EOF
    }

    record Token(Kind kind, String text, int start, int end) {
        boolean isKeyword(String keyword) {
            return kind == Kind.IDENT && text.equalsIgnoreCase(keyword);
        }
    }

    private Lexer() {
    }

    static List<Token> tokens(String text) {
        List<Token> tokens = new ArrayList<>();
        int i = 0;
        int n = text.length();
        while (i < n) {
            char c = text.charAt(i);
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
                i++;
                continue;
            }
            int start = i;
            Kind kind;
            if (isNameStart(c)) {
                i = skipNameChars(text, i + 1);
                kind = Kind.IDENT;
            } else if (c >= '0' && c <= '9') {
                while (i < n && text.charAt(i) >= '0' && text.charAt(i) <= '9') {
                    i++;
                }
                kind = Kind.NUMBER;
            } else if (c == '#' || c == ':') {
                i = skipNameChars(text, i + 1);
                kind = i == start + 1 ? Kind.UNKNOWN : c == '#' ? Kind.NAME_PLACEHOLDER : Kind.VALUE_PLACEHOLDER;
            } else if (c == '<') {
                i++;
                if (i < n && text.charAt(i) == '=') {
                    i++;
                    kind = Kind.LE;
                } else if (i < n && text.charAt(i) == '>') {
                    i++;
                    kind = Kind.NE;
                } else {
                    kind = Kind.LT;
                }
            } else if (c == '>') {
                i++;
                if (i < n && text.charAt(i) == '=') {
                    i++;
                    kind = Kind.GE;
                } else {
                    kind = Kind.GT;
                }
            } else {
                i++;
                kind = switch (c) {
                    case '(' -> Kind.LPAREN;
                    case ')' -> Kind.RPAREN;
                    case '[' -> Kind.LBRACKET;
                    case ']' -> Kind.RBRACKET;
                    case '.' -> Kind.DOT;
                    case ',' -> Kind.COMMA;
                    case '=' -> Kind.EQ;
                    case '+' -> Kind.PLUS;
                    case '-' -> Kind.MINUS;
                    default -> Kind.UNKNOWN;
                };
                if (kind == Kind.UNKNOWN && Character.isHighSurrogate(c) && i < n) {
                    i++;
                }
            }
            tokens.add(new Token(kind, text.substring(start, i), start, i));
        }
        tokens.add(new Token(Kind.EOF, "<EOF>", n, n));
        return tokens;
    }

    private static boolean isNameStart(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    }

    private static int skipNameChars(String text, int i) {
        while (i < text.length()) {
            char c = text.charAt(i);
            if (!isNameStart(c) && !(c >= '0' && c <= '9')) {
                break;
            }
            i++;
        }
        return i;
    }
}
