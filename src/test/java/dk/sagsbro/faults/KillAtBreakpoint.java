package dk.sagsbro.faults;

import com.sun.jdi.Bootstrap;
import com.sun.jdi.ReferenceType;
import com.sun.jdi.VirtualMachine;
import com.sun.jdi.connect.AttachingConnector;
import com.sun.jdi.connect.Connector;
import com.sun.jdi.event.BreakpointEvent;
import com.sun.jdi.event.Event;
import com.sun.jdi.event.EventSet;
import com.sun.jdi.request.BreakpointRequest;
import com.sun.jdi.request.EventRequest;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Kills a gateway at an exact point of its work, with no hook in the gateway's code: the harness attaches as a
 * debugger (JDWP, which the harness's instances listen for on loopback), sets a breakpoint at the entry of a method,
 * and when a thread reaches it, sends SIGKILL while every thread stands still. So "after the commit, before the 202"
 * or "after the receiver's 2xx, before DELIVERED is recorded" is exactly that, every time.
 */
final class KillAtBreakpoint implements AutoCloseable {
    private final VirtualMachine vm;
    private final CompletableFuture<Void> killed = new CompletableFuture<>();
    private final Thread watcher;

    /**
     * @param onlyOne shared by breakpoints armed in several instances: the first to be reached kills its instance,
     *                the others let their threads go on
     */
    private KillAtBreakpoint(VirtualMachine vm, long pid, java.util.concurrent.atomic.AtomicBoolean onlyOne) {
        this.vm = vm;
        this.watcher = new Thread(() -> {
            try {
                while (!killed.isDone()) {
                    EventSet events = vm.eventQueue().remove(1000);
                    if (events == null) {
                        continue;
                    }
                    for (Event event : events) {
                        if (event instanceof BreakpointEvent && onlyOne.compareAndSet(false, true)) {
                            // every thread is suspended here: nothing more happens before the kill
                            new ProcessBuilder("kill", "-KILL", String.valueOf(pid)).start().waitFor();
                            killed.complete(null);
                            return;
                        }
                    }
                    events.resume();
                }
            } catch (Exception disconnected) {
                killed.completeExceptionally(disconnected);
            }
        }, "kill-at-breakpoint");
        watcher.setDaemon(true);
        watcher.start();
    }

    /**
     * Attaches to the gateway's debug port and arms a breakpoint at the entry of {@code className.methodName}; the
     * class must already be loaded (the scenario warms the path up first).
     */
    static KillAtBreakpoint arm(long pid, int debugPort, String className, String methodName) throws Exception {
        return arm(pid, debugPort, className, methodName, new java.util.concurrent.atomic.AtomicBoolean());
    }

    static KillAtBreakpoint arm(long pid, int debugPort, String className, String methodName,
            java.util.concurrent.atomic.AtomicBoolean onlyOne) throws Exception {
        AttachingConnector socket = Bootstrap.virtualMachineManager().attachingConnectors().stream()
                .filter(c -> c.name().equals("com.sun.jdi.SocketAttach")).findFirst().orElseThrow();
        Map<String, Connector.Argument> arguments = socket.defaultArguments();
        arguments.get("hostname").setValue("127.0.0.1");
        arguments.get("port").setValue(String.valueOf(debugPort));
        VirtualMachine vm = socket.attach(arguments);
        List<ReferenceType> types = vm.classesByName(className);
        if (types.isEmpty()) {
            vm.dispose();
            throw new IllegalStateException(className + " is not loaded yet in the gateway");
        }
        for (ReferenceType type : types) {
            BreakpointRequest breakpoint = vm.eventRequestManager().createBreakpointRequest(
                    type.methodsByName(methodName).get(0).location());
            breakpoint.setSuspendPolicy(EventRequest.SUSPEND_ALL);
            breakpoint.enable();
        }
        return new KillAtBreakpoint(vm, pid, onlyOne);
    }

    /** Waits until the breakpoint was reached and the process killed. */
    void awaitKill(long seconds) throws Exception {
        killed.get(seconds, TimeUnit.SECONDS);
    }

    boolean hasKilled() {
        return killed.isDone() && !killed.isCompletedExceptionally();
    }

    @Override
    public void close() {
        try {
            vm.dispose();
        } catch (RuntimeException alreadyGone) {
            // the process was killed
        }
    }
}
