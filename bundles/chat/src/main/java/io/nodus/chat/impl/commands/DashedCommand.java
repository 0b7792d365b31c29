package io.nodus.chat.impl.commands;

import java.util.List;

import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Function;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code chat:send-file} and {@code chat:save-file}: Gogo finds methods by name and a Java name has no dash, so
 * these two are {@link Function} services that call {@link ChatCommands}.
 */
public final class DashedCommand {

    private DashedCommand() {
    }

    private static String[] twoArgs(List<Object> args, String usage) {
        if (args.size() != 2) {
            throw new IllegalArgumentException("usage: " + usage);
        }
        return new String[] {String.valueOf(args.get(0)), String.valueOf(args.get(1))};
    }

    /** {@code chat:send-file <peer> <path>}. */
    @Component(service = Function.class, property = {"osgi.command.scope=chat", "osgi.command.function=send-file"})
    public static final class SendFile implements Function {
        private final ChatCommands commands;

        @Activate
        public SendFile(@Reference ChatCommands commands) {
            this.commands = commands;
        }

        @Override
        public Object execute(CommandSession session, List<Object> arguments) throws Exception {
            String[] a = twoArgs(arguments, "chat:send-file <peer> <path>");
            return commands.sendFile(a[0], a[1]);
        }
    }

    /** {@code chat:save-file <transfer-id> <path>}. */
    @Component(service = Function.class, property = {"osgi.command.scope=chat", "osgi.command.function=save-file"})
    public static final class SaveFile implements Function {
        private final ChatCommands commands;

        @Activate
        public SaveFile(@Reference ChatCommands commands) {
            this.commands = commands;
        }

        @Override
        public Object execute(CommandSession session, List<Object> arguments) throws Exception {
            String[] a = twoArgs(arguments, "chat:save-file <transfer-id> <path>");
            return commands.saveFile(a[0], a[1]);
        }
    }
}
