package io.callhook.contact;

/**
 * One entry of an organization's contacts directory: who a phone number belongs to.
 *
 * @param number  the number in E.164 ({@code +4930123456}), the entry's key
 * @param name    the person's or line's name, may be {@code null}
 * @param company the company, may be {@code null}
 * @param link    an external link (a helpdesk or CRM page), {@code http(s)://}, may be {@code null}
 */
public record Contact(String number, String name, String company, String link) {

    /** Zammad's {@code from_comment}: the name, with {@code ", company"} when there is one; {@code null} without. */
    public String comment() {
        if (name == null) {
            return company;
        }
        return company == null ? name : name + ", " + company;
    }
}
