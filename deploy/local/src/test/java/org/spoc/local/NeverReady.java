package org.spoc.local;

import java.util.concurrent.locks.LockSupport;

/** Stands in for a service that never becomes ready (launcher timeout test). */
public final class NeverReady {

    private NeverReady() {
    }

    public static void main(String[] args) {
        System.out.println("still booting");
        while (true) {
            LockSupport.park();
        }
    }
}
