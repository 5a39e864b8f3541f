package io.callhook.engine.expr;

import static io.callhook.engine.expr.Fixtures.assertValidation;
import static io.callhook.engine.expr.Fixtures.attrs;
import static io.callhook.engine.expr.Fixtures.l;
import static io.callhook.engine.expr.Fixtures.m;
import static io.callhook.engine.expr.Fixtures.map;
import static io.callhook.engine.expr.Fixtures.n;
import static io.callhook.engine.expr.Fixtures.ns;
import static io.callhook.engine.expr.Fixtures.s;
import static io.callhook.engine.expr.Fixtures.ss;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.callhook.engine.model.Value;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Applying update expressions to items (pure, no engine). */
class UpdateExpressionTest {

    private static Map<String, Value> apply(String text, Map<String, Value> item, Object... values) {
        return Expressions.update(text, attrs(values)).apply(item);
    }

    // Developer Guide, "Update expressions", SET: adds or replaces attributes; several actions separated by commas.
    @Test
    void setAddsAndReplaces() {
        Map<String, Value> item = map("id", s("1"), "a", n("1"));
        Map<String, Value> result = apply("SET a = :x, b = :y", item, ":x", n("2"), ":y", s("new"));
        assertEquals(map("id", s("1"), "a", n("2"), "b", s("new")), result);
        assertEquals(map("id", s("1"), "a", n("1")), item, "the argument is never mutated");
    }

    // Developer Guide, "Update expressions", "Incrementing and decrementing numeric attributes": SET a = a + :v.
    @Test
    void setArithmetic() {
        Map<String, Value> item = map("a", n("10"), "b", n("0.25"));
        assertEquals(n("10.25"), apply("SET c = a + b", item).get("c"));
        assertEquals(n("7"), apply("set a = a - :v", item, ":v", n("3")).get("a"));
        assertEquals(n("13"), apply("SET a = :v + a", item, ":v", n("3")).get("a"));
    }

    // Developer Guide, "Update expressions": all operands read the item as it was before the update.
    @Test
    void operandsReadTheOriginalItem() {
        Map<String, Value> item = map("a", n("1"), "b", n("2"));
        Map<String, Value> result = apply("SET a = b, b = a", item);
        assertEquals(n("2"), result.get("a"));
        assertEquals(n("1"), result.get("b"));
    }

    // Developer Guide, "Update expressions", "Preventing overwrites of an existing item": if_not_exists.
    @Test
    void ifNotExists() {
        assertEquals(n("5"), apply("SET a = if_not_exists(a, :d)", map(), ":d", n("5")).get("a"));
        assertEquals(n("1"), apply("SET a = if_not_exists(a, :d)", map("a", n("1")), ":d", n("5")).get("a"));
        assertEquals(n("6"), apply("SET a = if_not_exists(a, :d) + :one", map(), ":d", n("5"), ":one", n("1"))
                .get("a"));
    }

    // Developer Guide, "Update expressions", "Appending elements to a list": list_append in either order.
    @Test
    void listAppend() {
        Map<String, Value> item = map("l", l(s("b")));
        assertEquals(l(s("b"), s("c")), apply("SET l = list_append(l, :v)", item, ":v", l(s("c"))).get("l"));
        assertEquals(l(s("a"), s("b")), apply("SET l = list_append(:v, l)", item, ":v", l(s("a"))).get("l"));
        assertEquals(l(s("x")), apply("SET k = list_append(if_not_exists(k, :e), :v)", item,
                ":e", l(), ":v", l(s("x"))).get("k"));
    }

    // Developer Guide, "Update expressions", "Adding nested map attributes" and "Adding elements to a list": a
    // nested path whose parent exists; an index past the end appends.
    @Test
    void setNestedPathsAndAppendPastTheEnd() {
        Map<String, Value> item = map("m", m("x", n("1")), "l", l(s("a"), s("b")));
        Map<String, Value> result = apply("SET m.y = :v, l[1] = :w, l[9] = :z", item,
                ":v", n("2"), ":w", s("B"), ":z", s("c"));
        assertEquals(m("x", n("1"), "y", n("2")), result.get("m"));
        assertEquals(l(s("a"), s("B"), s("c")), result.get("l"));
    }

    // Developer Guide, "Update expressions", REMOVE: removes attributes and list elements; later elements shift.
    @Test
    void removeAttributesAndListElements() {
        Map<String, Value> item = map("a", n("1"), "l", l(s("0"), s("1"), s("2"), s("3")), "m", m("x", n("1")));
        Map<String, Value> result = apply("REMOVE a, l[1], l[2], m.x, absent", item);
        assertEquals(map("l", l(s("0"), s("3")), "m", m()), result);
    }

    // Developer Guide, "Update expressions", ADD: numbers add (a missing attribute counts as 0) and sets union.
    @Test
    void addNumbersAndSets() {
        Map<String, Value> item = map("c", n("1"), "t", ss("a"));
        Map<String, Value> result = apply("ADD c :one, t :more, fresh :one, nums :ns", item,
                ":one", n("1"), ":more", ss("a", "b"), ":ns", ns("3"));
        assertEquals(n("2"), result.get("c"));
        assertEquals(ss("a", "b"), result.get("t"));
        assertEquals(n("1"), result.get("fresh"));
        assertEquals(ns("3"), result.get("nums"));
    }

    // Reference notes (dynamodb-engine.md): ADD of 0.1 three times gives exactly 0.3 (decimal arithmetic).
    @Test
    void addIsDecimalExact() {
        Update add = Expressions.update("ADD c :v", attrs(":v", n("0.1")));
        Map<String, Value> item = map();
        for (int i = 0; i < 3; i++) {
            item = add.apply(item);
        }
        assertEquals(n("0.3"), item.get("c"));
    }

    // Developer Guide, "Update expressions", DELETE: removes elements from a set; an emptied set disappears.
    @Test
    void deleteFromSets() {
        Map<String, Value> item = map("t", ss("a", "b"), "u", ns("1", "2"));
        Map<String, Value> result = apply("DELETE t :x, u :y", item, ":x", ss("a", "zz"), ":y", ns("1.0", "2"));
        assertEquals(map("t", ss("b")), result);
        assertEquals(map(), apply("DELETE absent :x", map(), ":x", ss("a")));
    }

    // Developer Guide, "Update expressions": clauses may come in any order, each once, keywords in any case.
    @Test
    void clausesInAnyOrder() {
        Map<String, Value> item = map("a", n("1"), "b", n("2"), "t", ss("x", "y"));
        Map<String, Value> result = apply("delete t :x Add a :one remove b SET c = :one", item,
                ":x", ss("x"), ":one", n("1"));
        assertEquals(map("a", n("2"), "t", ss("y"), "c", n("1")), result);
    }

    @Test
    void reportsTouchedTopLevelNamesAndUpdatedPaths() {
        Update update = Expressions.update("SET a.b = :v, c = :v REMOVE d[0] ADD e :n", attrs(":v", s("x"),
                ":n", n("1")));
        assertEquals(Set.of("a", "c", "d", "e"), update.topLevelNames());
        Map<String, Value> item = map("a", m("b", s("old"), "z", s("keep")), "d", l(s("d0"), s("d1")), "f", s("f"));
        assertEquals(map("a", m("b", s("old")), "d", l(s("d0"))), update.updatedPaths().apply(item));
    }

    // Developer Guide, "Update expressions" (errors as DynamoDB reports them at run time).
    @Test
    void runtimeErrors() {
        assertValidation("The provided expression refers to an attribute that does not exist in the item",
                () -> apply("SET a = b", map()));
        assertValidation("The provided expression refers to an attribute that does not exist in the item",
                () -> apply("SET a = b + :v", map(), ":v", n("1")));
        assertValidation("An operand in the update expression has an incorrect data type",
                () -> apply("SET a = b + :v", map("b", s("x")), ":v", n("1")));
        assertValidation("An operand in the update expression has an incorrect data type",
                () -> apply("SET a = list_append(b, :v)", map("b", s("x")), ":v", l()));
        assertValidation("An operand in the update expression has an incorrect data type",
                () -> apply("ADD a :v", map("a", s("x")), ":v", n("1")));
        assertValidation("An operand in the update expression has an incorrect data type",
                () -> apply("ADD a :v", map("a", ss("x")), ":v", ns("1")));
        assertValidation("An operand in the update expression has an incorrect data type",
                () -> apply("DELETE a :v", map("a", ns("1")), ":v", ss("1")));
        assertValidation("The document path provided in the update expression is invalid for update",
                () -> apply("SET a.b = :v", map(), ":v", n("1")));
        assertValidation("The document path provided in the update expression is invalid for update",
                () -> apply("SET a[0] = :v", map("a", m()), ":v", n("1")));
        assertValidation("The document path provided in the update expression is invalid for update",
                () -> apply("SET a.b = :v", map("a", s("x")), ":v", n("1")));
        assertValidation("The document path provided in the update expression is invalid for update",
                () -> apply("REMOVE a.b", map()));
        assertValidation("The document path provided in the update expression is invalid for update",
                () -> apply("ADD a.b :v", map(), ":v", n("1")));
        assertValidation("Number overflow. Attempting to store a number with magnitude larger than supported range",
                () -> apply("SET a = a + a", map("a", n("9E125"))));
    }
}
