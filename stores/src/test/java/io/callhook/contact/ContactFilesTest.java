// Pure: the CSV and vCard readers and libphonenumber's spellings of numbers, no I/O.
package io.callhook.contact;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class ContactFilesTest {

    @Test
    void numbersAreReadInTheRegionAndShownNationallyAtHomeInternationallyAbroad() {
        // the PBX's international digits, spaced forms, a national number and 00: one number
        for (String raw : List.of("493023125741", "+49 30 23125741", "030 23125741", "0049 30 2312-5741")) {
            assertEquals("+493023125741", PhoneFormat.e164(raw, "DE"), raw);
            assertEquals("030 23125741", PhoneFormat.display(raw, "DE"), raw);
        }
        assertEquals("+4915199999999", PhoneFormat.e164("4915199999999", "DE"), "a mobile sent without +");
        assertEquals("+49 30 23125741", PhoneFormat.display("+493023125741", "US"), "abroad: international");
        assertEquals("(212) 555-0100", PhoneFormat.display("+12125550100", "US"));
        assertEquals("+12125550100", PhoneFormat.e164("2125550100", "US"), "national in the US");
        for (String raw : List.of("anonymous", "201", "sip:alice@example.com", "12")) {
            assertNull(PhoneFormat.e164(raw, "DE"), raw);
            assertEquals(raw, PhoneFormat.display(raw, "DE"), "shown as sent: " + raw);
        }
        assertNull(PhoneFormat.display(null, "DE"));
    }

    @Test
    void csvWithQuotesAnyColumnOrderAndCrlf() {
        String csv = "\uFEFFname,number,company,link\r\n"
                + "\"Doe, Jane\",+49 30 23125741,\"ACME \"\"Berlin\"\"\",https://crm.example.com/c/1\r\n"
                + "Max,0151 99999999,,\r\n"
                + "\r\n"
                + ",+12125550100,\"Multi\nLine Corp\",\r\n";
        ContactFiles.Read read = ContactFiles.csv(csv, "DE");
        assertEquals(3, read.contacts().size());
        assertEquals(new Contact("+493023125741", "Doe, Jane", "ACME \"Berlin\"", "https://crm.example.com/c/1"),
                read.contacts().get(0));
        assertEquals(new Contact("+4915199999999", "Max", null, null), read.contacts().get(1));
        assertEquals(new Contact("+12125550100", null, "Multi Line Corp", null), read.contacts().get(2),
                "a line break inside quotes is a space");
    }

    @Test
    void aBadRowRefusesTheWholeFileNamingItsLine() {
        ContactFileException bad = assertThrows(ContactFileException.class, () -> ContactFiles.csv(
                "number,name\n+4930111222,Ok\n201,Extension\n", "DE"));
        assertEquals(3, bad.line());
        assertEquals("line 3: \"201\" is not a phone number (read in region DE)", bad.getMessage());
        assertEquals(3, assertThrows(ContactFileException.class, () -> ContactFiles.csv(
                "number,name\n+4930111222,A\n030 111222,B\n", "DE")).line(), "the same number twice");
        assertEquals(2, assertThrows(ContactFileException.class, () -> ContactFiles.csv(
                "number,name,link\n+4930111222,A,javascript:alert(1)\n", "DE")).line(), "not an http link");
        assertEquals(2, assertThrows(ContactFileException.class, () -> ContactFiles.csv(
                "number,name\n+4930111222,\n", "DE")).line(), "neither name nor company");
        assertEquals(1, assertThrows(ContactFileException.class, () -> ContactFiles.csv(
                "phone,name\n+4930111222,A\n", "DE")).line(), "an unknown column");
        assertEquals(2, assertThrows(ContactFileException.class, () -> ContactFiles.csv(
                "number,name\n+4930111222,A,extra\n", "DE")).line(), "a field too many");
        assertEquals(2, assertThrows(ContactFileException.class, () -> ContactFiles.csv(
                "number,name\n\"+4930111222,A\n", "DE")).line(), "an open quote");
    }

    @Test
    void vcardThreeAndFourOneContactPerTelFoldedAndEscaped() {
        String cards = """
                BEGIN:VCARD
                VERSION:3.0
                FN:Jane Doe\\, PhD
                ORG:ACME GmbH;Support
                TEL;TYPE=work:+49 30 23125741
                TEL;TYPE=cell:0151 9999
                 9999
                URL:https://crm.example.com/c/1
                END:VCARD
                BEGIN:VCARD
                VERSION:4.0
                FN:Bob
                TEL;VALUE=uri;TYPE=voice:tel:+1-212-555-0100;ext=12
                END:VCARD
                BEGIN:VCARD
                VERSION:4.0
                FN:No Phone
                EMAIL:nobody@example.com
                END:VCARD
                """;
        ContactFiles.Read read = ContactFiles.vcard(cards, "DE");
        assertEquals(List.of(
                new Contact("+493023125741", "Jane Doe, PhD", "ACME GmbH, Support", "https://crm.example.com/c/1"),
                new Contact("+4915199999999", "Jane Doe, PhD", "ACME GmbH, Support", "https://crm.example.com/c/1"),
                new Contact("+12125550100", "Bob", null, null)), read.contacts());
        assertEquals(1, read.skipped(), "the card without a number");
    }

    @Test
    void aBadCardRefusesTheFileNamingTheLine() {
        assertEquals(4, assertThrows(ContactFileException.class, () -> ContactFiles.vcard(
                "BEGIN:VCARD\nVERSION:3.0\nFN:X\nTEL:nope\nEND:VCARD\n", "DE")).line());
        assertEquals(2, assertThrows(ContactFileException.class, () -> ContactFiles.vcard(
                "BEGIN:VCARD\nVERSION:2.1\nEND:VCARD\n", "DE")).line(), "vCard 2.1");
        assertEquals(1, assertThrows(ContactFileException.class, () -> ContactFiles.vcard(
                "BEGIN:VCARD\nFN:X\n", "DE")).line(), "never ends");
    }
}
