package io.callhook.engine.expr;

import io.callhook.engine.error.DynamoException;
import io.callhook.engine.expr.Conditions.Comparator;
import io.callhook.engine.expr.Conditions.Operand;
import io.callhook.engine.expr.Conditions.PathOperand;
import io.callhook.engine.expr.Conditions.ValueOperand;
import io.callhook.engine.expr.Lexer.Kind;
import io.callhook.engine.expr.Lexer.Token;
import io.callhook.engine.model.Value;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A recursive-descent parser for one expression. Syntax errors are thrown at once; the other refusals (reserved
 * words, undefined placeholders, operand types, overlapping paths) are collected and the most important one is
 * thrown when parsing ends, so that the message matches what DynamoDB reports first.
 */
final class Parser {

    static final int MAX_EXPRESSION_BYTES = 4096;
    static final int MAX_IN_OPERANDS = 100;
    static final int MAX_PATH_DEPTH = 32;
    private static final Set<String> UPDATE_SECTIONS = Set.of("SET", "REMOVE", "ADD", "DELETE");
    private static final Set<String> ATTRIBUTE_TYPES = Set.of("S", "SS", "N", "NS", "B", "BS", "BOOL", "NULL", "L",
            "M");

    /** Kinds of deferred refusal, most important first. */
    enum Rank {
        PARENTHESES, SECTION, UNKNOWN_FUNCTION, MISUSED_FUNCTION, RESERVED, UNDEFINED, OPERANDS, DISTINCT, TYPE,
        OVERLAP, CONFLICT
    }

    /**
     * A parsed piece of a condition: either an operand or a condition; {@code function} names a function call,
     * {@code parenthesized} says the piece is exactly a parenthesised group.
     */
    private record Parsed(Operand operand, Condition condition, String function, boolean parenthesized) {
    }

    private final String text;
    private final String parameter;
    private final ExpressionAttributes attributes;
    private final List<Token> tokens;
    private final String[] deferred = new String[Rank.values().length];
    private int pos;

    Parser(String text, String parameter, ExpressionAttributes attributes) {
        this.parameter = parameter;
        this.attributes = attributes;
        if (text == null || text.isBlank()) {
            throw invalid("The expression can not be empty;");
        }
        int size = text.getBytes(StandardCharsets.UTF_8).length;
        if (size > MAX_EXPRESSION_BYTES) {
            throw invalid("Expression size has exceeded the maximum allowed size; expression size: " + size);
        }
        this.text = text;
        this.tokens = Lexer.tokens(text);
    }

    // ---------------------------------------------------------------- conditions

    Condition condition() {
        Condition condition = asCondition(or());
        expect(Kind.EOF);
        finish();
        return condition;
    }

    private Parsed or() {
        Parsed left = and();
        while (current().isKeyword("OR")) {
            Condition first = asCondition(left, next());
            left = condition(new Conditions.Or(first, asCondition(and())));
        }
        return left;
    }

    private Parsed and() {
        Parsed left = not();
        while (current().isKeyword("AND")) {
            Condition first = asCondition(left, next());
            left = condition(new Conditions.And(first, asCondition(not())));
        }
        return left;
    }

    private Parsed not() {
        if (current().isKeyword("NOT")) {
            next();
            return condition(new Conditions.Not(asCondition(not())));
        }
        return comparison();
    }

    private Parsed comparison() {
        Parsed left = atom();
        Token at = current();
        Comparator comparator = comparator(at.kind());
        if (comparator != null) {
            Operand l = asOperand(left, at);
            next();
            Token rightAt = current();
            Operand r = asOperand(atom(), rightAt);
            if (comparator != Comparator.EQ && comparator != Comparator.NE) {
                checkOrdered(comparator.symbol, l);
                checkOrdered(comparator.symbol, r);
            }
            checkDistinct(comparator.symbol, l, r);
            return condition(new Conditions.Compare(comparator, l, r));
        }
        if (at.isKeyword("BETWEEN")) {
            Operand value = asOperand(left, at);
            next();
            Operand lower = asOperand(atom(), current());
            if (!current().isKeyword("AND")) {
                throw syntaxError();
            }
            next();
            Operand upper = asOperand(atom(), current());
            checkBetween(value, lower, upper);
            return condition(new Conditions.Between(value, lower, upper));
        }
        if (at.isKeyword("IN")) {
            Operand value = asOperand(left, at);
            next();
            expect(Kind.LPAREN);
            List<Operand> candidates = new ArrayList<>();
            do {
                candidates.add(asOperand(atom(), current()));
            } while (accept(Kind.COMMA));
            expect(Kind.RPAREN);
            if (candidates.size() > MAX_IN_OPERANDS) {
                defer(Rank.OPERANDS, "The IN operator is provided with too many operands; number of operands: "
                        + candidates.size());
            }
            return condition(new Conditions.In(value, candidates));
        }
        return left;
    }

    private Parsed atom() {
        Token token = current();
        switch (token.kind()) {
            case LPAREN -> {
                next();
                Parsed inner = or();
                expect(Kind.RPAREN);
                if (inner.parenthesized()) {
                    defer(Rank.PARENTHESES, "The expression has redundant parentheses;");
                }
                return new Parsed(inner.operand(), inner.condition(), inner.function(), true);
            }
            case VALUE_PLACEHOLDER -> {
                next();
                return new Parsed(new ValueOperand(value(token)), null, null, false);
            }
            case IDENT -> {
                if (peek(1).kind() == Kind.LPAREN) {
                    return function();
                }
                return new Parsed(new PathOperand(path()), null, null, false);
            }
            case NAME_PLACEHOLDER -> {
                return new Parsed(new PathOperand(path()), null, null, false);
            }
            default -> throw syntaxError();
        }
    }

    private Parsed function() {
        String name = next().text();
        expect(Kind.LPAREN);
        List<Operand> args = new ArrayList<>();
        do {
            args.add(asOperand(atom(), current()));
        } while (accept(Kind.COMMA));
        expect(Kind.RPAREN);
        Condition dummy = item -> false;
        switch (name) {
            case "attribute_exists", "attribute_not_exists" -> {
                if (!operandCount(name, args, 1)) {
                    return new Parsed(null, dummy, name, false);
                }
                Path path = pathArgument(name, args.get(0));
                return new Parsed(null, path == null ? dummy
                        : new Conditions.Exists(path, name.equals("attribute_exists")), name, false);
            }
            case "attribute_type" -> {
                if (!operandCount(name, args, 2)) {
                    return new Parsed(null, dummy, name, false);
                }
                Path path = pathArgument(name, args.get(0));
                String type = null;
                if (args.get(1) instanceof ValueOperand v && v.value() instanceof Value.S s) {
                    type = s.value();
                    if (!ATTRIBUTE_TYPES.contains(type)) {
                        defer(Rank.TYPE, "Invalid attribute type name found; type: " + type
                                + ", valid types: { B,NULL,SS,BOOL,L,BS,N,NS,S,M }");
                    }
                } else if (args.get(1) instanceof ValueOperand v) {
                    incorrectOperandType(name, v.value().type());
                } else {
                    defer(Rank.TYPE, "Incorrect operand type for operator or function; operator or function: "
                            + name + ", operand type: {NS,SS,L,BS,N,M,B,BOOL,NULL,S}");
                }
                return new Parsed(null, path == null || type == null ? dummy
                        : new Conditions.TypeIs(path, type), name, false);
            }
            case "begins_with" -> {
                if (!operandCount(name, args, 2)) {
                    return new Parsed(null, dummy, name, false);
                }
                for (Operand arg : args) {
                    if (arg instanceof ValueOperand v && !(v.value() instanceof Value.S)
                            && !(v.value() instanceof Value.B)) {
                        incorrectOperandType(name, v.value().type());
                    }
                }
                checkDistinct(name, args.get(0), args.get(1));
                return new Parsed(null, new Conditions.BeginsWith(args.get(0), args.get(1)), name, false);
            }
            case "contains" -> {
                if (!operandCount(name, args, 2)) {
                    return new Parsed(null, dummy, name, false);
                }
                checkDistinct(name, args.get(0), args.get(1));
                return new Parsed(null, new Conditions.Contains(args.get(0), args.get(1)), name, false);
            }
            case "size" -> {
                Path path = operandCount(name, args, 1) ? pathArgument(name, args.get(0)) : null;
                return new Parsed(path == null ? new ValueOperand(Value.nul()) : new Conditions.SizeOperand(path),
                        null, name, false);
            }
            default -> {
                defer(Rank.UNKNOWN_FUNCTION, "Invalid function name; function: " + name);
                return new Parsed(null, dummy, name, false);
            }
        }
    }

    private Condition asCondition(Parsed parsed) {
        return asCondition(parsed, current());
    }

    private Condition asCondition(Parsed parsed, Token at) {
        if (parsed.condition() != null) {
            return parsed.condition();
        }
        if (parsed.function() != null) {
            misused(parsed.function());
            return item -> false;
        }
        throw syntaxError(at);
    }

    private Operand asOperand(Parsed parsed, Token at) {
        if (parsed.operand() != null) {
            return parsed.operand();
        }
        if (parsed.function() != null) {
            misused(parsed.function());
            return new ValueOperand(Value.nul());
        }
        throw syntaxError(at);
    }

    private void misused(String function) {
        defer(Rank.MISUSED_FUNCTION, "The function is not allowed to be used this way in an expression; function: "
                + function);
    }

    private static Parsed condition(Condition condition) {
        return new Parsed(null, condition, null, false);
    }

    private static Comparator comparator(Kind kind) {
        return switch (kind) {
            case EQ -> Comparator.EQ;
            case NE -> Comparator.NE;
            case LT -> Comparator.LT;
            case LE -> Comparator.LE;
            case GT -> Comparator.GT;
            case GE -> Comparator.GE;
            default -> null;
        };
    }

    private boolean operandCount(String function, List<?> args, int expected) {
        if (args.size() != expected) {
            defer(Rank.OPERANDS, "Incorrect number of operands for operator or function; operator or function: "
                    + function + ", number of operands: " + args.size());
            return false;
        }
        return true;
    }

    private Path pathArgument(String function, Operand operand) {
        if (operand instanceof PathOperand p) {
            return p.path();
        }
        defer(Rank.TYPE, "Operator or function requires a document path; operator or function: " + function);
        return null;
    }

    private void checkOrdered(String operator, Operand operand) {
        if (operand instanceof ValueOperand v && !Values.isOrdered(v.value())) {
            incorrectOperandType(operator, v.value().type());
        }
    }

    private void incorrectOperandType(String operator, String type) {
        defer(Rank.TYPE, "Incorrect operand type for operator or function; operator or function: " + operator
                + ", operand type: " + type);
    }

    private void checkDistinct(String operator, Operand first, Operand second) {
        if (first instanceof PathOperand a && second instanceof PathOperand b && a.path().equals(b.path())) {
            defer(Rank.DISTINCT, "The first operand must be distinct from the remaining operands for this operator "
                    + "or function; operator: " + operator + ", first operand: " + a.path());
        }
    }

    private void checkBetween(Operand value, Operand lower, Operand upper) {
        checkOrdered("BETWEEN", value);
        checkOrdered("BETWEEN", lower);
        checkOrdered("BETWEEN", upper);
        if (lower instanceof ValueOperand l && upper instanceof ValueOperand u && Values.isOrdered(l.value())
                && Values.isOrdered(u.value())) {
            String bounds = "lower bound operand: " + Values.describe(l.value()) + ", upper bound operand: "
                    + Values.describe(u.value());
            Integer order = Values.compare(l.value(), u.value());
            if (order == null) {
                defer(Rank.TYPE, "The BETWEEN operator requires same data type for lower and upper bounds; " + bounds);
            } else if (order > 0) {
                defer(Rank.TYPE, "The BETWEEN operator requires upper bound to be greater than or equal to lower "
                        + "bound; " + bounds);
            }
        }
    }

    // ---------------------------------------------------------------- updates

    Update update() {
        List<Updates.Action> actions = new ArrayList<>();
        Set<String> sections = new HashSet<>();
        do {
            Token clause = current();
            String section = clause.kind() == Kind.IDENT ? clause.text().toUpperCase(Locale.ROOT) : "";
            if (!UPDATE_SECTIONS.contains(section)) {
                throw syntaxError();
            }
            if (!sections.add(section)) {
                defer(Rank.SECTION, "The \"" + section + "\" section can only be used once in an update expression;");
            }
            next();
            do {
                actions.add(action(section));
            } while (accept(Kind.COMMA));
        } while (current().kind() != Kind.EOF);
        List<Path> paths = new ArrayList<>();
        for (Updates.Action action : actions) {
            paths.add(action.path());
        }
        checkPaths(paths);
        finish();
        return new Updates.ParsedUpdate(actions);
    }

    private Updates.Action action(String section) {
        Path path = path();
        switch (section) {
            case "SET" -> {
                expect(Kind.EQ);
                return new Updates.SetAction(path, setValue());
            }
            case "REMOVE" -> {
                return new Updates.RemoveAction(path);
            }
            default -> {
                Token token = current();
                if (token.kind() != Kind.VALUE_PLACEHOLDER) {
                    throw syntaxError();
                }
                next();
                Value value = value(token);
                boolean add = section.equals("ADD");
                if (!Values.isSet(value) && !(add && value instanceof Value.N)) {
                    defer(Rank.TYPE, "Incorrect operand type for operator or function; operator: " + section
                            + ", operand type: " + Values.typeWord(value));
                }
                return add ? new Updates.AddAction(path, value) : new Updates.DeleteAction(path, value);
            }
        }
    }

    private Updates.Operand setValue() {
        if (accept(Kind.LPAREN)) {
            Updates.Operand inner = setValue();
            expect(Kind.RPAREN);
            return inner;
        }
        Updates.Operand left = updateOperand();
        Kind kind = current().kind();
        if (kind != Kind.PLUS && kind != Kind.MINUS) {
            return left;
        }
        next();
        Updates.Operand right = updateOperand();
        String operator = kind == Kind.PLUS ? "+" : "-";
        for (Updates.Operand operand : List.of(left, right)) {
            if (operand instanceof Updates.ValueOperand v && !(v.value() instanceof Value.N)) {
                incorrectOperandType(operator, v.value().type());
            }
        }
        return new Updates.Arithmetic(kind == Kind.PLUS, left, right);
    }

    private Updates.Operand updateOperand() {
        Token token = current();
        switch (token.kind()) {
            case VALUE_PLACEHOLDER -> {
                next();
                return new Updates.ValueOperand(value(token));
            }
            case IDENT -> {
                if (peek(1).kind() == Kind.LPAREN) {
                    return updateFunction();
                }
                return new Updates.PathOperand(path());
            }
            case NAME_PLACEHOLDER -> {
                return new Updates.PathOperand(path());
            }
            default -> throw syntaxError();
        }
    }

    private Updates.Operand updateFunction() {
        String name = next().text();
        expect(Kind.LPAREN);
        List<Updates.Operand> args = new ArrayList<>();
        do {
            args.add(updateOperand());
        } while (accept(Kind.COMMA));
        expect(Kind.RPAREN);
        Updates.Operand dummy = new Updates.ValueOperand(Value.nul());
        switch (name) {
            case "if_not_exists" -> {
                if (!operandCount(name, args, 2)) {
                    return dummy;
                }
                if (!(args.get(0) instanceof Updates.PathOperand path)) {
                    defer(Rank.TYPE, "Operator or function requires a document path; operator or function: " + name);
                    return dummy;
                }
                return new Updates.IfNotExists(path.path(), args.get(1));
            }
            case "list_append" -> {
                if (!operandCount(name, args, 2)) {
                    return dummy;
                }
                for (Updates.Operand arg : args) {
                    if (arg instanceof Updates.ValueOperand v && !(v.value() instanceof Value.L)) {
                        incorrectOperandType(name, v.value().type());
                    }
                }
                return new Updates.ListAppend(args.get(0), args.get(1));
            }
            case "attribute_exists", "attribute_not_exists", "attribute_type", "begins_with", "contains", "size" -> {
                defer(Rank.MISUSED_FUNCTION, "The function is not allowed in an update expression; function: " + name);
                return dummy;
            }
            default -> {
                defer(Rank.UNKNOWN_FUNCTION, "Invalid function name; function: " + name);
                return dummy;
            }
        }
    }

    // ---------------------------------------------------------------- projections

    Projection projection() {
        List<Path> paths = new ArrayList<>();
        do {
            paths.add(path());
        } while (accept(Kind.COMMA));
        expect(Kind.EOF);
        checkPaths(paths);
        finish();
        return new PathProjection(paths);
    }

    /** Defers DynamoDB's refusal of two paths where one contains the other, or one indexes what the other keys. */
    private void checkPaths(List<Path> paths) {
        for (int j = 1; j < paths.size(); j++) {
            for (int i = 0; i < j; i++) {
                Path one = paths.get(i);
                Path two = paths.get(j);
                String pair = "must remove or rewrite one of these paths; path one: " + one + ", path two: " + two;
                int common = Math.min(one.size(), two.size());
                int k = 0;
                while (k < common && one.step(k).equals(two.step(k))) {
                    k++;
                }
                if (k == common) {
                    defer(Rank.OVERLAP, "Two document paths overlap with each other; " + pair);
                } else if (one.step(k).getClass() != two.step(k).getClass()) {
                    defer(Rank.CONFLICT, "Two document paths conflict with each other; " + pair);
                }
            }
        }
    }

    // ---------------------------------------------------------------- paths and placeholders

    /** A document path starting at the current token, which must be a name or a name placeholder. */
    Path path() {
        List<Path.Step> steps = new ArrayList<>();
        steps.add(new Path.Key(name()));
        while (true) {
            if (current().kind() == Kind.DOT) {
                next();
                steps.add(new Path.Key(name()));
            } else if (current().kind() == Kind.LBRACKET) {
                next();
                Token number = current();
                if (number.kind() != Kind.NUMBER) {
                    throw syntaxError();
                }
                next();
                expect(Kind.RBRACKET);
                int index;
                try {
                    index = Integer.parseInt(number.text());
                } catch (NumberFormatException e) {
                    throw syntaxError(number);
                }
                steps.add(new Path.Index(index));
            } else {
                if (steps.size() > MAX_PATH_DEPTH) {
                    defer(Rank.OPERANDS, "The document path has too many nesting levels; nesting levels: "
                            + steps.size());
                }
                return new Path(steps);
            }
        }
    }

    private String name() {
        Token token = current();
        if (token.kind() == Kind.IDENT) {
            next();
            if (ReservedWords.isReserved(token.text())) {
                defer(Rank.RESERVED, "Attribute name is a reserved keyword; reserved keyword: " + token.text());
            }
            return token.text();
        }
        if (token.kind() == Kind.NAME_PLACEHOLDER) {
            next();
            String name = attributes.name(token.text());
            if (name == null) {
                defer(Rank.UNDEFINED, "An expression attribute name used in the document path is not defined; "
                        + "attribute name: " + token.text());
                return token.text();
            }
            return name;
        }
        throw syntaxError();
    }

    Value value(Token token) {
        Value value = attributes.value(token.text());
        if (value == null) {
            defer(Rank.UNDEFINED, "An expression attribute value used in expression is not defined; attribute value: "
                    + token.text());
            return Value.nul();
        }
        return value;
    }

    // ---------------------------------------------------------------- token handling and errors

    Token current() {
        return tokens.get(pos);
    }

    Token peek(int ahead) {
        return tokens.get(Math.min(pos + ahead, tokens.size() - 1));
    }

    Token next() {
        Token token = tokens.get(pos);
        if (token.kind() != Kind.EOF) {
            pos++;
        }
        return token;
    }

    boolean accept(Kind kind) {
        if (current().kind() == kind) {
            next();
            return true;
        }
        return false;
    }

    void expect(Kind kind) {
        if (!accept(kind)) {
            throw syntaxError();
        }
    }

    DynamoException syntaxError() {
        return syntaxError(current());
    }

    DynamoException syntaxError(Token token) {
        int index = tokens.indexOf(token);
        int from = index > 0 ? tokens.get(index - 1).start() : token.start();
        String near = text.substring(from, token.kind() == Kind.EOF ? text.length() : token.end());
        return invalid("Syntax error; token: \"" + token.text() + "\", near: \"" + near + "\"");
    }

    void defer(Rank rank, String message) {
        if (deferred[rank.ordinal()] == null) {
            deferred[rank.ordinal()] = message;
        }
    }

    /** Throws the most important deferred refusal, if any. */
    void finish() {
        for (String message : deferred) {
            if (message != null) {
                throw invalid(message);
            }
        }
    }

    DynamoException invalid(String message) {
        return DynamoException.validation("Invalid " + parameter + ": " + message);
    }
}
