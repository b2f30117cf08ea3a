package org.nself.crash.minidump;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Evaluates a Breakpad CFI postfix expression ({@code .cfa -8 + ^}): numbers, registers and
 * {@code .cfa} from {@code variables}, the binary operators {@code + - * / % @} ({@code @} aligns down)
 * and {@code ^} (the 64-bit word at an address, read from the thread's stack). Anything it cannot
 * evaluate — an unknown name, an unreadable address, a division by zero, a malformed expression — is
 * no value.
 */
final class Postfix {
    private static final int MAX_TOKENS = 256;

    private Postfix() {}

    static OptionalLong evaluate(String expression, Map<String, Long> variables, StackMemory memory) {
        String[] tokens = expression.trim().split("\\s+");
        if (tokens.length > MAX_TOKENS) {
            return OptionalLong.empty();
        }
        Deque<Long> stack = new ArrayDeque<>();
        for (String token : tokens) {
            if (token.length() == 1 && "+-*/%@".indexOf(token.charAt(0)) >= 0) {
                if (stack.size() < 2) {
                    return OptionalLong.empty();
                }
                long b = stack.pop();
                long a = stack.pop();
                switch (token.charAt(0)) {
                    case '+' -> stack.push(a + b);
                    case '-' -> stack.push(a - b);
                    case '*' -> stack.push(a * b);
                    case '/', '%' -> {
                        if (b == 0) {
                            return OptionalLong.empty();
                        }
                        stack.push(token.charAt(0) == '/' ? Long.divideUnsigned(a, b) : Long.remainderUnsigned(a, b));
                    }
                    default -> stack.push(a & -b);
                }
            } else if (token.equals("^")) {
                if (stack.isEmpty()) {
                    return OptionalLong.empty();
                }
                OptionalLong word = memory.word(stack.pop());
                if (word.isEmpty()) {
                    return OptionalLong.empty();
                }
                stack.push(word.getAsLong());
            } else if (token.startsWith("$") || token.startsWith(".") || Character.isLetter(token.charAt(0))) {
                Long v = variables.get(token);
                if (v == null) {
                    return OptionalLong.empty();
                }
                stack.push(v);
            } else {
                OptionalLong n = number(token);
                if (n.isEmpty()) {
                    return OptionalLong.empty();
                }
                stack.push(n.getAsLong());
            }
        }
        return stack.size() == 1 ? OptionalLong.of(stack.pop()) : OptionalLong.empty();
    }

    private static OptionalLong number(String token) {
        try {
            if (token.startsWith("0x")) {
                return OptionalLong.of(Long.parseUnsignedLong(token.substring(2), 16));
            }
            return OptionalLong.of(Long.parseLong(token));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }
}
