package org.spoc.ticket.config;

import java.util.List;

import org.spoc.kit.outbox.OutboxCollections;
import org.spoc.ticket.domain.Catalog;
import org.spoc.ticket.domain.DeskPolicy;
import org.spoc.ticket.domain.TicketRepository;
import org.spoc.ticket.domain.TicketService;
import org.springframework.boot.ApplicationRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;

/** Wires the domain to the kit: the outbox collection, settings, indexes and seeds, the auto-close sweep. */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
public class TicketConfiguration {

    @Bean
    OutboxCollections outboxCollections() {
        return OutboxCollections.of(TicketRepository.COLLECTION);
    }

    @Bean
    DeskPolicy deskPolicy(TicketProperties properties) {
        return properties.toPolicy();
    }

    @Bean
    ApplicationRunner ticketStoreSetup(TicketRepository tickets, Catalog catalog) {
        return args -> {
            tickets.ensureIndexes();
            catalog.seed();
        };
    }

    @Bean
    AutoCloseSweep autoCloseSweep(TicketService tickets) {
        return new AutoCloseSweep(tickets);
    }

    /** Closes tickets resolved longer ago than {@code spoc.ticket.auto-close-after}, on the injected clock. */
    public static class AutoCloseSweep {

        private final TicketService tickets;

        AutoCloseSweep(TicketService tickets) {
            this.tickets = tickets;
        }

        @Scheduled(fixedDelayString = "${spoc.ticket.auto-close-sweep:PT5M}",
                initialDelayString = "${spoc.ticket.auto-close-sweep:PT5M}")
        public int sweep() {
            return tickets.closeResolvedTickets();
        }
    }

    static List<String> names(List<?> items) {
        return items.stream().map(String::valueOf).toList();
    }
}
