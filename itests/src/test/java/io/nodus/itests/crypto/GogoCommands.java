package io.nodus.itests.crypto;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;

/**
 * Calls shell commands inside the framework the way Gogo does: finds the command service by scope and function
 * and invokes the public method. The test needs no compile-time access to the bundles' types this way.
 */
final class GogoCommands {

    private final BundleContext context;

    GogoCommands(BundleContext context) {
        this.context = context;
    }

    /** Runs {@code scope:function args...} and returns what it printed (the returned string). */
    String run(String scope, String function, Object... args) throws Exception {
        Object target = service(scope, function);
        for (Method m : target.getClass().getMethods()) {
            if (m.getName().equals(function) && m.getParameterCount() == args.length && accepts(m, args)) {
                try {
                    return String.valueOf(m.invoke(target, args));
                } catch (InvocationTargetException e) {
                    throw new CommandFailed(scope + ":" + function + " failed: " + e.getCause(), e.getCause());
                }
            }
        }
        throw new AssertionError("no " + scope + ":" + function + " taking " + args.length + " arguments");
    }

    /** A command that threw (e.g. a refused crypto operation). */
    static final class CommandFailed extends Exception {
        private static final long serialVersionUID = 1L;

        CommandFailed(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private Object service(String scope, String function) throws InvalidSyntaxException {
        ServiceReference<?>[] refs = context.getServiceReferences((String) null,
                "(&(osgi.command.scope=" + scope + ")(osgi.command.function=" + function + "))");
        if (refs == null) {
            throw new AssertionError("no command " + scope + ":" + function + " registered");
        }
        return context.getService(refs[0]);
    }

    private static boolean accepts(Method m, Object[] args) {
        Class<?>[] types = m.getParameterTypes();
        for (int i = 0; i < args.length; i++) {
            boolean ok = (types[i] == int.class && args[i] instanceof Integer) || types[i].isInstance(args[i]);
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
