package org.spoc.local;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import de.bwaldvogel.mongo.backend.ValueComparator;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.bson.ObjectId;
import org.jspecify.annotations.Nullable;

/**
 * A query an index can decide without reading the documents: a conjunction of conditions on top-level
 * fields (through {@code $and} too), each an equality or inequality with a scalar or {@code null}, an
 * {@code $in} of those, a range with scalar bounds, or {@code $exists}. For one document it answers from
 * the index's values of each field whether the document matches, or that it cannot tell: an array or a
 * nested array there, a sub-document, or a type it does not compare. Such a document is read and
 * matched as usual. Anything else ({@code $or}, {@code $not}, {@code $regex}, {@code $elemMatch}...)
 * makes the query not {@link #of coverable}.
 *
 * <p>Semantics are MongoDB's for scalars: {@code null} matches a missing field, comparisons match only
 * values of the same type bracket (numbers with numbers, strings with strings, dates with dates), and
 * {@code $ne}/{@code $in} follow equality.
 */
final class CoveredQuery {

    /** A document's value of a field as an index holds it: no field at all. */
    static final Object MISSING = new Object();
    /** A document's value of a field as an index holds it: {@code null}. */
    static final Object NULL = new Object();

    private enum Op { EQ, NE, IN, GT, GTE, LT, LTE, EXISTS, NOT_EXISTS }

    private record Test(Op op, @Nullable Object operand, List<Object> operands) {
    }

    private final Map<String, List<Test>> tests;

    private CoveredQuery(Map<String, List<Test>> tests) {
        this.tests = tests;
    }

    /** The query as tests per field, or {@code null} when some part of it is not one of the conditions above. */
    static @Nullable CoveredQuery of(Document query) {
        Map<String, List<Test>> tests = new LinkedHashMap<>();
        return collect(query, tests) ? new CoveredQuery(tests) : null;
    }

    /** The fields the query names. */
    Set<String> fields() {
        return tests.keySet();
    }

    /**
     * Whether a document whose value of each field is {@code valueOf(field)} ({@link #MISSING},
     * {@link #NULL}, a normalized scalar, or {@code null} when the index cannot tell) matches:
     * {@code TRUE}, {@code FALSE}, or {@code null} when that cannot be decided without the document.
     */
    @Nullable Boolean matches(java.util.function.Function<String, @Nullable Object> valueOf) {
        boolean undecided = false;
        for (Map.Entry<String, List<Test>> field : tests.entrySet()) {
            Object value = valueOf.apply(field.getKey());
            for (Test test : field.getValue()) {
                Boolean result = value == null ? null : test(test, value);
                if (result == null) {
                    undecided = true;
                }
                else if (!result) {
                    return false;
                }
            }
        }
        return undecided ? null : true;
    }

    private static @Nullable Boolean test(Test test, Object value) {
        return switch (test.op()) {
            case EXISTS -> value != MISSING;
            case NOT_EXISTS -> value == MISSING;
            case EQ -> equal(value, test.operand());
            case NE -> not(equal(value, test.operand()));
            case IN -> {
                boolean undecided = false;
                for (Object operand : test.operands()) {
                    Boolean equal = equal(value, operand);
                    if (equal == null) {
                        undecided = true;
                    }
                    else if (equal) {
                        yield true;
                    }
                }
                yield undecided ? null : false;
            }
            case GT, GTE, LT, LTE -> compare(test.op(), value, test.operand());
        };
    }

    private static @Nullable Boolean not(@Nullable Boolean value) {
        return value == null ? null : !value;
    }

    /** Equality of a stored value with an operand ({@link #NULL} for a {@code null} operand). */
    private static @Nullable Boolean equal(Object value, @Nullable Object operand) {
        if (operand == NULL) {
            return value == MISSING || value == NULL;
        }
        if (value == MISSING || value == NULL) {
            return false;
        }
        String bracket = bracket(value);
        if (bracket == null) {
            return null;
        }
        return bracket.equals(bracket(operand)) && ValueComparator.asc().compare(value, operand) == 0;
    }

    private static @Nullable Boolean compare(Op op, Object value, @Nullable Object bound) {
        if (value == MISSING || value == NULL) {
            return false;
        }
        String bracket = bracket(value);
        if (bracket == null || !bracket.equals(bracket(bound))) {
            return bracket == null ? null : false;
        }
        int order = ValueComparator.asc().compare(value, bound);
        return switch (op) {
            case GT -> order > 0;
            case GTE -> order >= 0;
            case LT -> order < 0;
            default -> order <= 0;
        };
    }

    /** The type bracket of a normalized scalar, or {@code null} for a type this class does not compare. */
    private static @Nullable String bracket(@Nullable Object value) {
        if (value instanceof Double) {
            return "number";
        }
        if (value instanceof String) {
            return "string";
        }
        if (value instanceof Instant) {
            return "date";
        }
        if (value instanceof Boolean) {
            return "boolean";
        }
        if (value instanceof ObjectId) {
            return "objectId";
        }
        return null;
    }

    /**
     * A stored value or an operand as {@link #matches} compares it: normalized like the index's keys,
     * {@code null} as {@link #NULL}; {@code null} for what this class does not compare (sub-documents,
     * arrays, regular expressions, types without a bracket here).
     */
    static @Nullable Object normalized(@Nullable Object value) {
        if (value == null) {
            return NULL;
        }
        Object key = QueryConditions.scalarKey(value);
        return key == null || bracket(key) == null ? null : key;
    }

    private static boolean collect(Document query, Map<String, List<Test>> tests) {
        for (Map.Entry<String, Object> entry : query.entrySet()) {
            String field = entry.getKey();
            Object value = entry.getValue();
            if (field.equals("$and") && value instanceof Collection<?> parts) {
                for (Object part : parts) {
                    if (!(part instanceof Document document) || !collect(document, tests)) {
                        return false;
                    }
                }
                continue;
            }
            if (field.startsWith("$")) {
                return false;
            }
            List<Test> fieldTests = tests.computeIfAbsent(field, key -> new ArrayList<>());
            if (value instanceof Document operators && !operators.isEmpty()
                    && operators.keySet().iterator().next().startsWith("$")) {
                for (Map.Entry<String, Object> op : operators.entrySet()) {
                    Test test = test(op.getKey(), op.getValue());
                    if (test == null) {
                        return false;
                    }
                    fieldTests.add(test);
                }
            }
            else {
                Object operand = normalized(value);
                if (operand == null) {
                    return false;
                }
                fieldTests.add(new Test(Op.EQ, operand, List.of()));
            }
        }
        return true;
    }

    private static @Nullable Test test(String operator, Object argument) {
        switch (operator) {
            case "$eq", "$ne" -> {
                Object operand = normalized(argument);
                return operand == null ? null : new Test(operator.equals("$eq") ? Op.EQ : Op.NE, operand, List.of());
            }
            case "$in" -> {
                if (!(argument instanceof Collection<?> values)) {
                    return null;
                }
                List<Object> operands = new ArrayList<>();
                for (Object value : values) {
                    Object operand = normalized(value);
                    if (operand == null) {
                        return null;
                    }
                    operands.add(operand);
                }
                return new Test(Op.IN, null, operands);
            }
            case "$gt", "$gte", "$lt", "$lte" -> {
                Object operand = normalized(argument);
                if (operand == null || operand == NULL) {
                    return null;
                }
                Op op = switch (operator) {
                    case "$gt" -> Op.GT;
                    case "$gte" -> Op.GTE;
                    case "$lt" -> Op.LT;
                    default -> Op.LTE;
                };
                return new Test(op, operand, List.of());
            }
            case "$exists" -> {
                boolean exists = Boolean.TRUE.equals(argument) || (argument instanceof Number n && n.intValue() != 0);
                return new Test(exists ? Op.EXISTS : Op.NOT_EXISTS, null, List.of());
            }
            default -> {
                return null;
            }
        }
    }
}
