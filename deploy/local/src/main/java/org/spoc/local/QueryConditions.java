package org.spoc.local;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.Missing;
import de.bwaldvogel.mongo.bson.BsonRegularExpression;
import de.bwaldvogel.mongo.bson.Document;

/**
 * What a query says about each top-level field, as far as an index can use it: the conjuncts of the
 * query itself and of any top-level {@code $and}, per field. Anything else ({@code $or}, {@code $not},
 * {@code $elemMatch}, regular expressions, sub-document or array equality, {@code null}) is left to the
 * full match that always follows an index lookup, so an index only ever narrows the candidates to a
 * superset of the matches.
 */
final class QueryConditions {

    /** What one field must satisfy: an equality set, a range, or mere existence. */
    record Condition(List<Object> equalTo, Object lower, boolean lowerInclusive, Object upper, boolean upperInclusive,
            boolean exists) {

        boolean isEquality() {
            return equalTo != null;
        }

        boolean isRange() {
            return lower != null || upper != null;
        }
    }

    private final Map<String, List<Document>> conjuncts = new LinkedHashMap<>();
    private final Map<String, List<Object>> plainValues = new LinkedHashMap<>();

    private QueryConditions() {
    }

    static QueryConditions of(Document query) {
        QueryConditions conditions = new QueryConditions();
        conditions.collect(query);
        return conditions;
    }

    private void collect(Document query) {
        for (Map.Entry<String, Object> entry : query.entrySet()) {
            String field = entry.getKey();
            Object value = entry.getValue();
            if (field.equals("$and") && value instanceof Collection<?> parts) {
                for (Object part : parts) {
                    if (part instanceof Document document) {
                        collect(document);
                    }
                }
            }
            else if (field.startsWith("$")) {
                continue; // $or, $nor, $where, $expr, $comment: not used to narrow
            }
            else if (value instanceof Document document && isOperatorDocument(document)) {
                conjuncts.computeIfAbsent(field, key -> new ArrayList<>()).add(document);
            }
            else {
                plainValues.computeIfAbsent(field, key -> new ArrayList<>()).add(value);
            }
        }
    }

    private static boolean isOperatorDocument(Document document) {
        return !document.isEmpty() && document.keySet().iterator().next().startsWith("$");
    }

    /**
     * The most selective usable condition on a field, or {@code null}: an equality (plain value,
     * {@code $eq} or {@code $in} of scalars), else a range of {@code $gt/$gte/$lt/$lte}, else
     * {@code $exists: true}.
     */
    Condition on(String field) {
        for (Object value : plainValues.getOrDefault(field, List.of())) {
            Object key = scalarKey(value);
            if (key != null) {
                return new Condition(List.of(key), null, false, null, false, true);
            }
        }
        Object lower = null;
        boolean lowerInclusive = false;
        Object upper = null;
        boolean upperInclusive = false;
        boolean exists = false;
        for (Document operators : conjuncts.getOrDefault(field, List.of())) {
            for (Map.Entry<String, Object> op : operators.entrySet()) {
                Object operand = op.getValue();
                switch (op.getKey()) {
                    case "$eq" -> {
                        Object key = scalarKey(operand);
                        if (key != null) {
                            return new Condition(List.of(key), null, false, null, false, true);
                        }
                    }
                    case "$in" -> {
                        List<Object> keys = scalarKeys(operand);
                        if (keys != null) {
                            return new Condition(keys, null, false, null, false, true);
                        }
                    }
                    case "$gt", "$gte" -> {
                        Object key = scalarKey(operand);
                        if (key != null) {
                            lower = key;
                            lowerInclusive = op.getKey().equals("$gte");
                        }
                    }
                    case "$lt", "$lte" -> {
                        Object key = scalarKey(operand);
                        if (key != null) {
                            upper = key;
                            upperInclusive = op.getKey().equals("$lte");
                        }
                    }
                    case "$exists" -> exists |= Boolean.TRUE.equals(operand)
                            || (operand instanceof Number number && number.intValue() != 0);
                    default -> {
                        // $ne, $nin, $not, $elemMatch, $size, $type, $regex...: left to the full match
                    }
                }
            }
        }
        if (lower != null || upper != null || exists) {
            return new Condition(null, lower, lowerInclusive, upper, upperInclusive, true);
        }
        return null;
    }

    private static List<Object> scalarKeys(Object operand) {
        if (!(operand instanceof Collection<?> values)) {
            return null;
        }
        List<Object> keys = new ArrayList<>(values.size());
        for (Object value : values) {
            Object key = scalarKey(value);
            if (key == null) {
                return null;
            }
            keys.add(key);
        }
        return keys;
    }

    /**
     * The value as the index stores it (normalized like mongo-java-server's own indexes: numbers as
     * doubles), or {@code null} when an index must not be used for it: null, sub-documents, arrays and
     * regular expressions match more than their index entries.
     */
    static Object scalarKey(Object value) {
        if (Missing.isNullOrMissing(value) || value instanceof Document || value instanceof Collection<?>
                || value instanceof Map<?, ?> || BsonRegularExpression.isRegularExpression(value)) {
            return null;
        }
        return new KeyValue(value).normalized().get(0);
    }
}
