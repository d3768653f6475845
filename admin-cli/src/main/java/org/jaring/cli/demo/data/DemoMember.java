package org.jaring.cli.demo.data;

import java.util.List;
import org.jaring.v1.ContactPoint;

/** One member state of the demo network: its node and its 24/7 contact point. */
public record DemoMember(
        String nodeId, String country, String unit, String phone, String email, List<String> languages) {
    /** Seven ASEAN members with plausible, fictitious contact points. */
    public static final List<DemoMember> ASEAN = List.of(
            new DemoMember(
                    "TH-CCIB",
                    "TH",
                    "Cyber Crime Investigation Bureau 24/7 desk",
                    "+6621410000",
                    "247@ccib.example.th",
                    List.of("th", "en")),
            new DemoMember(
                    "MY-PDRM",
                    "MY",
                    "PDRM Commercial Crime (CCID) 24/7",
                    "+60322660000",
                    "247@ccid.example.my",
                    List.of("ms", "en")),
            new DemoMember(
                    "SG-SPF",
                    "SG",
                    "SPF Cybercrime Command 24/7",
                    "+6563910000",
                    "247@spf.example.sg",
                    List.of("en", "zh", "ms")),
            new DemoMember(
                    "ID-POLRI",
                    "ID",
                    "Bareskrim Dittipidsiber 24/7",
                    "+62217210000",
                    "247@siber.example.id",
                    List.of("id", "en")),
            new DemoMember(
                    "PH-NBI",
                    "PH",
                    "NBI Cybercrime Division 24/7",
                    "+63285230000",
                    "247@nbi.example.ph",
                    List.of("fil", "en")),
            new DemoMember(
                    "KH-CCD",
                    "KH",
                    "Cybercrime Department 24/7",
                    "+85523720000",
                    "247@ccd.example.kh",
                    List.of("km", "en")),
            new DemoMember(
                    "VN-A05",
                    "VN",
                    "A05 Cyber Security Department 24/7",
                    "+842437470000",
                    "247@a05.example.vn",
                    List.of("vi", "en")));

    public ContactPoint contact() {
        return ContactPoint.newBuilder()
                .setUnit(unit)
                .setPhone(phone)
                .setEmail(email)
                .setHours("24/7")
                .addAllLanguages(languages)
                .build();
    }
}
