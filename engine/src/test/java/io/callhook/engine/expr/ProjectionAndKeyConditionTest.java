package io.callhook.engine.expr;

import static io.callhook.engine.expr.Fixtures.assertValidation;
import static io.callhook.engine.expr.Fixtures.attrs;
import static io.callhook.engine.expr.Fixtures.b;
import static io.callhook.engine.expr.Fixtures.l;
import static io.callhook.engine.expr.Fixtures.m;
import static io.callhook.engine.expr.Fixtures.map;
import static io.callhook.engine.expr.Fixtures.n;
import static io.callhook.engine.expr.Fixtures.s;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.callhook.engine.expr.SortKeyCondition.Operator;
import io.callhook.engine.model.Value;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Projection expressions and key condition expressions (pure, no engine). */
class ProjectionAndKeyConditionTest {

    private static final Map<String, Value> ITEM = map(
            "id", s("1"),
            "a", m("b", n("1"), "c", n("2")),
            "l", l(s("x"), m("k", s("v"), "j", s("w")), s("z")),
            "other1", s("o"));

    private static Map<String, Value> project(String text) {
        return Expressions.projection(text, attrs()).apply(ITEM);
    }

    // Developer Guide, "Projection expressions": top-level attributes, separated by commas; missing ones omitted.
    @Test
    void projectsTopLevelAttributes() {
        assertEquals(map("id", s("1"), "other1", s("o")), project("id, other1, absent"));
        assertEquals(Set.of("id", "a"), Expressions.projection("id, a.b", attrs()).topLevelNames());
    }

    // Developer Guide, "Projection expressions" and "Document paths": nested paths return the containing
    // structure with only the selected elements.
    @Test
    void projectsNestedPathsPruned() {
        assertEquals(map("a", m("b", n("1"))), project("a.b"));
        assertEquals(map("l", l(m("k", s("v")))), project("l[1].k"));
        assertEquals(map("l", l(s("x"), s("z"))), project("#l[2], l[0]"));
        assertEquals(map(), project("a.zz, l[7], id.x"));
    }

    // Developer Guide, "Key condition expressions for query": partition key equality, optionally AND one
    // sort-key condition.
    @Test
    void keyConditionWithPartitionOnly() {
        KeyCondition key = Expressions.keyCondition("#p = :v", new ExpressionAttributes(Map.of("#p", "pk"),
                Map.of(":v", s("x"))));
        assertEquals(new KeyCondition("pk", s("x"), null), key);
    }

    @Test
    void keyConditionSortComparisonsInEitherOrder() {
        ExpressionAttributes attributes = attrs(":p", s("x"), ":a", n("1"), ":b", n("5"));
        KeyCondition key = Expressions.keyCondition("sk BETWEEN :a AND :b AND pk = :p", attributes);
        assertEquals(new KeyCondition("pk", s("x"), new SortKeyCondition("sk", Operator.BETWEEN, n("1"), n("5"))),
                key);
        key = Expressions.keyCondition("pk = :p AND :a < sk", attrs(":p", s("x"), ":a", n("1")));
        assertEquals(new SortKeyCondition("sk", Operator.GT, n("1"), null), key.sort());
        key = Expressions.keyCondition("pk = :p AND begins_with(sk, :s)", attrs(":p", s("x"), ":s", s("ab")));
        assertEquals(Operator.BEGINS_WITH, key.sort().operator());
    }

    @Test
    void keyConditionOrientsTwoEqualitiesToTheSchema() {
        KeyCondition key = Expressions.keyCondition("sk = :s AND pk = :p", attrs(":p", s("x"), ":s", n("1")));
        KeyCondition oriented = key.forSchema("pk", "sk");
        assertEquals("pk", oriented.partitionName());
        assertEquals(s("x"), oriented.partitionValue());
        assertEquals(new SortKeyCondition("sk", Operator.EQ, n("1"), null), oriented.sort());
        assertValidation("Query condition missed key schema element: other", () -> key.forSchema("pk", "other"));
        assertValidation("Query condition missed key schema element: id", () -> key.forSchema("id", "sk"));
    }

    // Developer Guide, "Key condition expressions for query": only =, <, <=, >, >=, BETWEEN and begins_with on
    // the sort key, joined by AND; errors as DynamoDB reports them.
    @Test
    void keyConditionRefusals() {
        ExpressionAttributes values = attrs(":p", s("x"), ":q", s("y"));
        assertValidation("Invalid operator used in KeyConditionExpression: OR",
                () -> Expressions.keyCondition("pk = :p OR sk = :q", attrs(":p", s("x"), ":q", s("y"))));
        assertValidation("Invalid operator used in KeyConditionExpression: NOT",
                () -> Expressions.keyCondition("pk = :p AND NOT sk = :q", attrs(":p", s("x"), ":q", s("y"))));
        assertValidation("Invalid operator used in KeyConditionExpression: <>",
                () -> Expressions.keyCondition("pk = :p AND sk <> :q", attrs(":p", s("x"), ":q", s("y"))));
        assertValidation("Invalid operator used in KeyConditionExpression: IN",
                () -> Expressions.keyCondition("pk = :p AND sk IN (:q)", attrs(":p", s("x"), ":q", s("y"))));
        assertValidation("Invalid operator used in KeyConditionExpression: contains",
                () -> Expressions.keyCondition("pk = :p AND contains(sk, :q)", attrs(":p", s("x"), ":q", s("y"))));
        assertValidation("KeyConditionExpressions must only contain one condition per key",
                () -> Expressions.keyCondition("pk = :p AND pk = :q", attrs(":p", s("x"), ":q", s("y"))));
        assertValidation("KeyConditionExpressions cannot have conditions on nested attributes",
                () -> Expressions.keyCondition("pk.x = :p", attrs(":p", s("x"))));
        assertValidation("Query key condition not supported",
                () -> Expressions.keyCondition("pk < :p", attrs(":p", s("x"))));
        assertValidation("Query key condition not supported",
                () -> Expressions.keyCondition("pk = :p AND sk = :q AND c = :q", values));
        assertValidation("Invalid condition in KeyConditionExpression: Multiple attribute names used in one "
                + "condition", () -> Expressions.keyCondition("pk = sk", attrs()));
    }

    // Developer Guide, "Key condition expressions for query": sort keys order numbers numerically, strings and
    // binaries by bytes; begins_with applies to strings and binaries.
    @Test
    void sortKeyConditionTests() {
        assertTrue(new SortKeyCondition("sk", Operator.LT, n("10"), null).test(n("9")));
        assertFalse(new SortKeyCondition("sk", Operator.LT, n("10"), null).test(s("9")));
        assertTrue(new SortKeyCondition("sk", Operator.GE, s("a"), null).test(s("\uD83D\uDE00")));
        assertTrue(new SortKeyCondition("sk", Operator.GT, b(0x7f), null).test(b(0x80)));
        assertTrue(new SortKeyCondition("sk", Operator.BETWEEN, n("1"), n("2")).test(n("1.5")));
        assertFalse(new SortKeyCondition("sk", Operator.BETWEEN, n("1"), n("2")).test(n("2.01")));
        assertTrue(new SortKeyCondition("sk", Operator.BEGINS_WITH, s("ab"), null).test(s("abc")));
        assertTrue(new SortKeyCondition("sk", Operator.BEGINS_WITH, b(1), null).test(b(1, 2)));
        assertTrue(new SortKeyCondition("sk", Operator.EQ, n("1"), null).test(n("1.0")));
        assertFalse(new SortKeyCondition("sk", Operator.EQ, n("1"), null).test(null));
        assertNull(Expressions.keyCondition("pk = :p", attrs(":p", s("x"))).sort());
    }
}
