/** The audit trail from HTTP: who did what to whom, recorded by the routes; read by supervisors. */
package org.hotline.gateway.audit;
