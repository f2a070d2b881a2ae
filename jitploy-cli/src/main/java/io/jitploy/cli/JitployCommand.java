package io.jitploy.cli;

/** Placeholder entry point; the picocli command tree replaces it. */
public final class JitployCommand {
    private JitployCommand() {}

    public static void main(String[] args) {
        System.out.println("jitploy");
    }
}
