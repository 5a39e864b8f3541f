package io.callhook.engine.expr;

import static io.callhook.engine.expr.Fixtures.b;
import static io.callhook.engine.expr.Fixtures.bs;
import static io.callhook.engine.expr.Fixtures.condition;
import static io.callhook.engine.expr.Fixtures.l;
import static io.callhook.engine.expr.Fixtures.m;
import static io.callhook.engine.expr.Fixtures.map;
import static io.callhook.engine.expr.Fixtures.n;
import static io.callhook.engine.expr.Fixtures.ns;
import static io.callhook.engine.expr.Fixtures.s;
import static io.callhook.engine.expr.Fixtures.ss;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.callhook.engine.model.Value;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Evaluation of condition and filter expressions (pure, no engine). */
class ConditionExpressionTest {

    private static final Map<String, Value> ITEM = map(
            "id", s("x1"),
            "price", n("10.50"),
            "n", s("widget"),
            "tags", ss("red", "blue"),
            "scores", ns("1", "2.0"),
            "blobs", bs(b(1, 2), b(3)),
            "d", b(0x00, 0xff, 0x10),
            "l", l(s("a"), n("2"), m("k", s("v"))),
            "info", m("color", s("green"), "dims", l(n("1"), n("2"))),
            "flag", Value.bool(true),
            "nothing", Value.nul());

    // Developer Guide, "Condition and filter expressions, operators, and functions": comparators a = b, a <> b,
    // a < b, a <= b, a > b, a >= b.
    @Test
    void comparesNumbersNumerically() {
        assertTrue(condition("price = :v", ":v", n("10.5")).apply(ITEM));
        assertTrue(condition("price < :v", ":v", n("9E1")).apply(ITEM));
        assertTrue(condition("price >= :v", ":v", n("10.50")).apply(ITEM));
        assertFalse(condition("price > :v", ":v", n("10.5")).apply(ITEM));
        assertTrue(condition("price <> :v", ":v", n("10.51")).apply(ITEM));
    }

    // Developer Guide, "Condition and filter expressions...": comparisons use the attribute's type; a string
    // never equals a number.
    @Test
    void valuesOfDifferentTypesAreNeverEqualNorOrdered() {
        assertFalse(condition("price = :v", ":v", s("10.5")).apply(ITEM));
        assertFalse(condition("price < :v", ":v", s("99")).apply(ITEM));
        assertTrue(condition("price <> :v", ":v", s("10.5")).apply(ITEM));
    }

    // Developer Guide, "Working with items: Comparison rules" (string comparisons use UTF-8 byte order, i.e. code
    // points; binary is compared as unsigned bytes).
    @Test
    void ordersStringsByCodePointAndBinaryUnsigned() {
        // U+FF5E sorts before U+1F600 by code point, though its UTF-16 unit is larger than the surrogate's.
        Map<String, Value> item = map("s", s("\uFF5E"));
        assertTrue(condition("s < :v", ":v", s("\uD83D\uDE00")).apply(item));
        assertTrue(condition("#a > :v", ":v", s("Z")).apply(map("a", s("a"))));
        assertTrue(condition("#d > :v", ":v", b(0x00, 0x7f)).apply(map("d", b(0x00, 0xff))));
    }

    // Developer Guide, "Condition and filter expressions...": a comparison with a absent attribute is false,
    // except <>, which holds because nothing equals a absent attribute.
    @Test
    void missingAttributesFailComparisonsExceptNotEqual() {
        assertFalse(condition("absent = :v", ":v", n("1")).apply(ITEM));
        assertFalse(condition("absent < :v", ":v", n("1")).apply(ITEM));
        assertTrue(condition("absent <> :v", ":v", n("1")).apply(ITEM));
        assertFalse(condition("absent = gone").apply(ITEM));
        assertTrue(condition("attribute_not_exists(absent)").apply(Map.of()));
    }

    // Developer Guide, "Condition and filter expressions...": a BETWEEN b AND c, a IN (b, c, d).
    @Test
    void betweenAndIn() {
        assertTrue(condition("price BETWEEN :a AND :b", ":a", n("10"), ":b", n("11")).apply(ITEM));
        assertTrue(condition("price between :a and :b", ":a", n("10.5"), ":b", n("10.5")).apply(ITEM));
        assertFalse(condition("price BETWEEN :a AND :b", ":a", n("11"), ":b", n("12")).apply(ITEM));
        assertTrue(condition("#n IN (:a, :b)", ":a", s("gadget"), ":b", s("widget")).apply(ITEM));
        assertFalse(condition("#n IN (:a)", ":a", s("gadget")).apply(ITEM));
    }

    // Developer Guide, "Condition and filter expressions...", Precedence: NOT, then AND, then OR;
    // keywords are case-insensitive.
    @Test
    void precedenceIsNotThenAndThenOr() {
        // true OR (false AND false) = true; ((true OR false) AND false) would be false.
        assertTrue(condition("attribute_exists(id) OR attribute_exists(x) AND attribute_exists(y)").apply(ITEM));
        assertFalse(condition("(attribute_exists(id) OR attribute_exists(x)) AND attribute_exists(y)").apply(ITEM));
        // NOT binds tighter than AND: (NOT false) AND true.
        assertTrue(condition("not attribute_exists(x) and attribute_exists(id)").apply(ITEM));
        assertFalse(condition("NOT (attribute_exists(x) OR attribute_exists(id))").apply(ITEM));
    }

    // Developer Guide, "Condition and filter expressions...", Functions: attribute_exists, attribute_not_exists,
    // attribute_type; Document paths: nested map and list elements.
    @Test
    void existenceAndTypeFunctionsFollowDocumentPaths() {
        assertTrue(condition("attribute_exists(info.dims[1])").apply(ITEM));
        assertFalse(condition("attribute_exists(info.dims[2])").apply(ITEM));
        assertTrue(condition("attribute_exists(#l[2].k)").apply(ITEM));
        assertTrue(condition("attribute_not_exists(info.color.deeper)").apply(ITEM));
        assertTrue(condition("attribute_exists(nothing)").apply(ITEM));
        assertTrue(condition("attribute_type(tags, :t)", ":t", s("SS")).apply(ITEM));
        assertTrue(condition("attribute_type(nothing, :t)", ":t", s("NULL")).apply(ITEM));
        assertFalse(condition("attribute_type(price, :t)", ":t", s("S")).apply(ITEM));
    }

    // Developer Guide, "Condition and filter expressions...", Functions: begins_with for strings and binary.
    @Test
    void beginsWith() {
        assertTrue(condition("begins_with(#n, :p)", ":p", s("wid")).apply(ITEM));
        assertFalse(condition("begins_with(#n, :p)", ":p", s("Wid")).apply(ITEM));
        assertTrue(condition("begins_with(#d, :p)", ":p", b(0x00, 0xff)).apply(ITEM));
        assertFalse(condition("begins_with(price, :p)", ":p", s("1")).apply(ITEM));
    }

    // Developer Guide, "Condition and filter expressions...", Functions: contains for a substring, a set
    // element, a list element.
    @Test
    void contains() {
        assertTrue(condition("contains(#n, :p)", ":p", s("dge")).apply(ITEM));
        assertTrue(condition("contains(tags, :p)", ":p", s("red")).apply(ITEM));
        assertFalse(condition("contains(tags, :p)", ":p", s("re")).apply(ITEM));
        assertTrue(condition("contains(scores, :p)", ":p", n("2")).apply(ITEM));
        assertTrue(condition("contains(blobs, :p)", ":p", b(3)).apply(ITEM));
        assertTrue(condition("contains(#l, :p)", ":p", m("k", s("v"))).apply(ITEM));
        assertTrue(condition("contains(#l, :p)", ":p", n("2.00")).apply(ITEM));
        assertTrue(condition("contains(#d, :p)", ":p", b(0xff, 0x10)).apply(ITEM));
        assertFalse(condition("contains(price, :p)", ":p", n("10.5")).apply(ITEM));
    }

    // Developer Guide, "Condition and filter expressions...", Functions: size(path) of a string, binary, set,
    // list or map, used as a comparison operand.
    @Test
    void sizeIsAnOperand() {
        assertTrue(condition("size(#n) = :v", ":v", n("6")).apply(ITEM));
        assertTrue(condition("size(#d) = :v", ":v", n("3")).apply(ITEM));
        assertTrue(condition("size(tags) = :v", ":v", n("2")).apply(ITEM));
        assertTrue(condition("size(#l) > :v", ":v", n("2")).apply(ITEM));
        assertTrue(condition("size(info) = :v", ":v", n("2")).apply(ITEM));
        assertTrue(condition(":v < size(info.dims)", ":v", n("1")).apply(ITEM));
        assertFalse(condition("size(price) = :v", ":v", n("4")).apply(ITEM));
        assertTrue(condition("size(absent) <> :v", ":v", n("4")).apply(Map.of()));
    }

    // Developer Guide, "Data types": sets are unordered; numbers compare by value.
    @Test
    void setEqualityIgnoresOrderAndNumberFormat() {
        assertTrue(condition("tags = :v", ":v", ss("blue", "red")).apply(ITEM));
        assertTrue(condition("scores = :v", ":v", ns("2", "1.000")).apply(ITEM));
        assertTrue(condition("info = :v", ":v", m("dims", l(n("1"), n("2")), "color", s("green"))).apply(ITEM));
        assertFalse(condition("info.dims = :v", ":v", l(n("2"), n("1"))).apply(ITEM));
    }

    // Developer Guide, "Condition and filter expressions...": a condition on an item that does not exist sees
    // no attributes.
    @Test
    void emptyItemHasNoAttributes() {
        assertFalse(condition("attribute_exists(id)").apply(Map.of()));
        assertTrue(condition("attribute_not_exists(id)").apply(Map.of()));
    }

    // Developer Guide, "Expression attribute names": a placeholder may stand for a name with special characters
    // and may appear at any level of a document path.
    @Test
    void namePlaceholdersAtAnyLevel() {
        ExpressionAttributes attributes = new ExpressionAttributes(
                Map.of("#top", "a.b", "#inner", "x-y"), Map.of(":v", s("ok")));
        Condition condition = Expressions.condition("#top.#inner[0] = :v", "FilterExpression", attributes);
        assertTrue(condition.test(map("a.b", m("x-y", l(s("ok"))))));
        assertFalse(condition.test(map("a", m("b", m("x-y", l(s("ok")))))));
        attributes.checkAllUsed();
    }

    // Developer Guide, "Condition and filter expressions...": the syntax summary writes functions as
    // "attribute_exists (path)"; spacing between tokens is free and keywords are case-insensitive.
    @Test
    void spacingAndKeywordCaseAreFree() {
        assertTrue(condition("price>:v AnD #n<>:w", ":v", n("1"), ":w", s("x")).apply(ITEM));
        assertTrue(condition("attribute_exists (info . dims [ 0 ])").apply(ITEM));
        assertTrue(condition("price In(:v,:w)", ":v", n("1"), ":w", n("10.5")).apply(ITEM));
        assertTrue(condition("\tprice\n=\r:v ", ":v", n("10.5")).apply(ITEM));
    }
}
