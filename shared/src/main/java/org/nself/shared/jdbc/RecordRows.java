package org.nself.shared.jdbc;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Maps a row to a record by name, as Spring's {@code DataClassRowMapper} does: each component reads the
 * column of its snake_case name ({@code crashCount} from {@code crash_count}), so a query and its view
 * record stay in step without a hand-written constructor call per row. A reference component whose column
 * the query does not select is null (a detail the caller fills in later); a primitive one must be selected.
 * Supported component types: {@code String}, {@code long}/{@code Long}, {@code int}/{@code Integer},
 * {@code double}/{@code Double}, {@code boolean}/{@code Boolean}, {@link Instant}, {@link UUID} and
 * {@code List<String>} (a {@code text[]} column, empty when NULL). A component of another reference type
 * is never read from a column (the query must not select it) and is null; a primitive of another type fails
 * when the mapper is made.
 */
public final class RecordRows<T extends Record> implements Jdbc.Row<T> {
    private enum Kind {
        STRING,
        LONG,
        NULLABLE_LONG,
        INT,
        NULLABLE_INT,
        DOUBLE,
        NULLABLE_DOUBLE,
        BOOLEAN,
        NULLABLE_BOOLEAN,
        INSTANT,
        UUID,
        STRINGS,
        /** A type no column maps to: the query must leave it out, and it is null. */
        UNMAPPED
    }

    private final Class<T> type;
    private final Constructor<T> constructor;
    private final String[] columns;
    private final Kind[] kinds;

    private RecordRows(Class<T> type) {
        this.type = type;
        RecordComponent[] components = type.getRecordComponents();
        columns = new String[components.length];
        kinds = new Kind[components.length];
        Class<?>[] types = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++) {
            columns[i] = snakeCase(components[i].getName());
            kinds[i] = kindOf(type, components[i]);
            types[i] = components[i].getType();
        }
        try {
            constructor = type.getDeclaredConstructor(types);
            constructor.setAccessible(true);
        } catch (NoSuchMethodException e) {
            throw new IllegalArgumentException(type.getName() + " has no canonical constructor", e);
        }
    }

    /** The mapper for {@code type}'s rows. */
    public static <T extends Record> RecordRows<T> of(Class<T> type) {
        return new RecordRows<>(type);
    }

    @Override
    public T map(ResultSet r) throws SQLException {
        Set<String> selected = selected(r.getMetaData());
        Object[] args = new Object[columns.length];
        for (int i = 0; i < columns.length; i++) {
            if (!selected.contains(columns[i])) {
                if (kinds[i] == Kind.LONG
                        || kinds[i] == Kind.INT
                        || kinds[i] == Kind.DOUBLE
                        || kinds[i] == Kind.BOOLEAN) {
                    throw new SQLException(type.getSimpleName() + " needs column " + columns[i]);
                }
                continue;
            }
            args[i] = read(r, columns[i], kinds[i]);
        }
        try {
            return constructor.newInstance(args);
        } catch (InvocationTargetException e) {
            throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Set<String> selected(ResultSetMetaData meta) throws SQLException {
        Set<String> names = new HashSet<>();
        for (int i = 1; i <= meta.getColumnCount(); i++) {
            names.add(meta.getColumnLabel(i).toLowerCase(Locale.ROOT));
        }
        return names;
    }

    private static Object read(ResultSet r, String column, Kind kind) throws SQLException {
        return switch (kind) {
            case STRING -> r.getString(column);
            case LONG -> r.getLong(column);
            case NULLABLE_LONG -> Jdbc.nullableLong(r, column);
            case INT -> r.getInt(column);
            case NULLABLE_INT -> Jdbc.nullableInt(r, column);
            case DOUBLE -> r.getDouble(column);
            case NULLABLE_DOUBLE -> Jdbc.nullableDouble(r, column);
            case BOOLEAN -> r.getBoolean(column);
            case NULLABLE_BOOLEAN -> {
                boolean v = r.getBoolean(column);
                yield r.wasNull() ? null : v;
            }
            case INSTANT -> Jdbc.instant(r, column);
            case UUID -> Jdbc.uuid(r, column);
            case STRINGS -> Jdbc.strings(r, column);
            case UNMAPPED -> throw new SQLException("no column type maps to " + column);
        };
    }

    private static final Map<Class<?>, Kind> KINDS = Map.ofEntries(
            Map.entry(String.class, Kind.STRING),
            Map.entry(long.class, Kind.LONG),
            Map.entry(Long.class, Kind.NULLABLE_LONG),
            Map.entry(int.class, Kind.INT),
            Map.entry(Integer.class, Kind.NULLABLE_INT),
            Map.entry(double.class, Kind.DOUBLE),
            Map.entry(Double.class, Kind.NULLABLE_DOUBLE),
            Map.entry(boolean.class, Kind.BOOLEAN),
            Map.entry(Boolean.class, Kind.NULLABLE_BOOLEAN),
            Map.entry(Instant.class, Kind.INSTANT),
            Map.entry(UUID.class, Kind.UUID));

    private static Kind kindOf(Class<?> owner, RecordComponent c) {
        Class<?> t = c.getType();
        Kind kind = KINDS.get(t);
        if (kind != null) {
            return kind;
        } else if (t == List.class && isListOfStrings(c.getGenericType())) {
            return Kind.STRINGS;
        } else if (t.isPrimitive()) {
            throw new IllegalArgumentException(owner.getName() + "." + c.getName() + ": no column type for " + t);
        }
        return Kind.UNMAPPED;
    }

    private static boolean isListOfStrings(Type generic) {
        return generic instanceof ParameterizedType p && p.getActualTypeArguments()[0] == String.class;
    }

    static String snakeCase(String name) {
        StringBuilder out = new StringBuilder(name.length() + 4);
        for (int i = 0; i < name.length(); i++) {
            char ch = name.charAt(i);
            if (Character.isUpperCase(ch)) {
                out.append('_').append(Character.toLowerCase(ch));
            } else {
                out.append(ch);
            }
        }
        return out.toString();
    }
}
