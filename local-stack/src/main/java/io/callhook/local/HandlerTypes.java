package io.callhook.local;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.util.HashMap;
import java.util.Map;

/**
 * The input and output types of a {@link RequestHandler} class, found as the Lambda runtime finds them: from the
 * type arguments of the {@code RequestHandler<I, O>} it implements, through any generic superclasses.
 */
final class HandlerTypes {

    private HandlerTypes() {
    }

    /**
     * {@code [I, O]} of the handler class; an argument left open resolves to {@code Object}.
     *
     * @throws IllegalArgumentException when the class does not implement {@code RequestHandler}
     */
    static Type[] of(Class<?> handlerClass) {
        Type[] found = search(handlerClass, Map.of());
        if (found == null) {
            throw new IllegalArgumentException(handlerClass.getName() + " does not implement RequestHandler");
        }
        return found;
    }

    private static Type[] search(Type type, Map<TypeVariable<?>, Type> bindings) {
        Class<?> raw;
        Map<TypeVariable<?>, Type> scope = new HashMap<>(bindings);
        if (type instanceof ParameterizedType parameterized) {
            raw = (Class<?>) parameterized.getRawType();
            Type[] arguments = parameterized.getActualTypeArguments();
            TypeVariable<?>[] variables = raw.getTypeParameters();
            for (int i = 0; i < variables.length; i++) {
                scope.put(variables[i], substitute(arguments[i], bindings));
            }
            if (raw == RequestHandler.class) {
                return new Type[] {scope.get(variables[0]), scope.get(variables[1])};
            }
        } else if (type instanceof Class<?> c) {
            raw = c;
            if (raw == RequestHandler.class) {
                return new Type[] {Object.class, Object.class};
            }
        } else {
            return null;
        }
        for (Type parent : raw.getGenericInterfaces()) {
            Type[] found = search(parent, scope);
            if (found != null) {
                return found;
            }
        }
        Type superclass = raw.getGenericSuperclass();
        return superclass == null ? null : search(superclass, scope);
    }

    private static Type substitute(Type type, Map<TypeVariable<?>, Type> bindings) {
        if (type instanceof TypeVariable<?> variable) {
            return bindings.getOrDefault(variable, Object.class);
        }
        return type;
    }
}
