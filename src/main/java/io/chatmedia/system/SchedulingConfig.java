package io.chatmedia.system;

import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

/** Turns on the periodic jobs (stale temporary file sweeps). */
@Configuration
@EnableScheduling
class SchedulingConfig {}
