package pilot

import (
	"fmt"
	"time"

	"github.com/ip2p/koperasi"
	"github.com/ip2p/koperasi/calendar"
	"github.com/ip2p/koperasi/groups"
	"github.com/ip2p/koperasi/lending"
	"github.com/ip2p/koperasi/members"
	"github.com/ip2p/koperasi/money"
	"github.com/ip2p/koperasi/schedule"
)

// Assumptions lists, in one place, everything the fixture assumes where the
// paper is silent: the members and lenders, the calendar and dates, the
// product and its goods (which lending.MekarmuktiProduct's documentation
// gives too, for the product on its own), the funding, and the bank emok
// loan the costs are compared with.
func Assumptions() []string {
	out := append([]string(nil), assumptions[:]...)
	split := "The lenders pledge each group's Rp125.000 in the same split every cycle:"
	for i, g := range []groups.ID{"G1", "G2", "G3"} {
		if i > 0 {
			split += ";"
		}
		split += " " + string(g) + " by"
		for k, p := range pledgeSplit(g) {
			if k > 0 {
				split += ","
			}
			split += " " + string(p.lender) + " " + money.Rupiah(p.amount).String()
		}
	}
	return append(out, split+".", bankEmokAssumption)
}

var assumptions = [...]string{
	"Simpanan pokok is Rp10.000 and simpanan wajib Rp5.000 a month, due from the month after joining.",
	"Simpanan wajib for the month in progress may be paid any day of that month: the eligibility policies tolerate one unpaid month, the current one.",
	"The 15 participants joined KAMURA on 1 December 2023, paid pokok then and wajib every month on the 5th (the 3rd in May), so they have been members for more than 3 months on 28 March 2024.",
	"They live in RW 08 of Desa Mekarmukti, five in each of RT 01, 02 and 03, each in a household of their own, with coordinates a few dozen metres apart; formation by proximity therefore gives one group per RT.",
	"Participants P05 and P10 are the two TKM members; they lead groups G1 and G2. G3 is led by P11.",
	"Five lenders L01..L05 (the head of the RW, three PKK cadres and a koperasi officer) joined at the preparation meeting of 5 March 2024, paid pokok, and deposited Rp100.000 of simpanan sukarela each on 7 March 2024.",
	"Each group has one lender as supervisor (pengawas): L01 for G1, L04 for G2, L02 for G3.",
	"The package's goods, their quantities, prices and costs are invented (lending.MekarmuktiCatalogue), for a pindang business, so that it is worth exactly Rp25.000 at price; the Rp3.900 between price and cost is the koperasi's trading margin.",
	"The Rp200 left by rounding Rp25.000 / 6 up to Rp4.200 is margin, disclosed as such, and all the margin goes to the lenders: the paper promises them a better return than savings and names no koperasi share.",
	"Each member may take one package (Rp25.000) a cycle.",
	"Servicing: no late fee (the paper mentions none); due installments are paid oldest first, margin before principal; an overpayment prepays the next installments; a loan defaults when not repaid 30 days after its last due date.",
	"Funding: shares of Rp5.000, a 7-day pledge window, disbursement only when fully funded, a warning when one lender holds over 25% of the koperasi's outstanding loans (OJK's benchmark).",
	"Each facility is Rp125.000 (25 shares of Rp5.000), published a week before disbursement and fully pledged by the lenders.",
	"Installments fall on the koperasi's working days (no Sundays, no 2024 national holidays or collective leave days), not on the consecutive calendar days of lending.MekarmuktiProduct: cycle 1 disbursed Thursday 28 March 2024 is due 30 March and 1-5 April, skipping Good Friday and Easter Sunday.",
	"Cycle 2 waits for the Idul Fitri holidays (8-15 April 2024) to end: published 15 April, disbursed Monday 22 April, due 23-27 and 29 April.",
	"Cycle 3 is published 29 April and disbursed Monday 6 May 2024, due 7, 8, 11, 13, 14 and 15 May, skipping Ascension Day and its collective leave (9-10 May).",
	"The koperasi buys the goods for each cycle's 15 packages in cash the working day before disbursement.",
	"Every member pays every installment on its due date at the group's collection, so no cover, late fee or follow-up is needed: 100% repaid, as the paper reports.",
}

const bankEmokAssumption = "The bank emok loan the costs are compared with (BankEmok) is Rp1.500.000 with a 10% fee taken at disbursement, repaid as 50 weekly installments of Rp37.500 (25% flat over the term): typical terms of informal group lenders in West Java, which the paper names but does not quantify."

// BankEmok is the loan the pilot's costs are compared with: a bank emok
// (informal group lender) loan of Rp1.500.000 disbursed on the day given,
// with a 10% fee taken at disbursement (the borrower receives
// Rp1.350.000), repaid as 50 weekly installments of Rp37.500, 25% flat over
// the term (see Assumptions).
func BankEmok(disbursed calendar.Date) (schedule.Schedule, schedule.Costs, error) {
	flat25, err := money.Percent(25, money.PerTerm)
	if err != nil {
		return schedule.Schedule{}, schedule.Costs{}, err
	}
	s, err := schedule.Generate(schedule.Terms{
		Principal: money.Rupiah(1_500_000), Method: schedule.Flat, Rate: flat25, Installments: 50,
		Frequency: calendar.Frequency{Unit: calendar.Weeks}, Disbursed: disbursed,
	})
	return s, schedule.Costs{Fee: money.Rupiah(150_000)}, err
}

// ProductCode is the code of the pilot's product in Config.
const ProductCode = lending.MekarmuktiProductCode

// Calendar is the koperasi's collection calendar: closed on Sundays and the
// 2024 national holidays and collective leave days.
func Calendar() calendar.Calendar { return calendar.NoSundays(calendar.IndonesiaHolidays2024()...) }

// Product is lending.MekarmuktiProduct with installments on working days.
func Product() lending.Product {
	p := lending.MekarmuktiProduct()
	p.Terms.Frequency = calendar.Frequency{Unit: calendar.WorkingDays}
	p.Terms.Calendar = Calendar()
	return p
}

// Config is the koperasi's configuration for the pilot.
func Config() koperasi.Config {
	borrower, lender := members.MekarmuktiBorrowerPolicy(), members.MekarmuktiLenderPolicy()
	// the month in progress may still be paid: only earlier months are arrears
	borrower.MaxWajibArrearsMonths, lender.MaxWajibArrearsMonths = 1, 1
	return koperasi.Config{
		Name:      "Koperasi Awilarangan Mukti Rahayu (KAMURA)",
		Savings:   members.Config{Pokok: money.Rupiah(10_000), Wajib: money.Rupiah(5_000)},
		Borrower:  borrower,
		Lender:    lender,
		Catalogue: lending.MekarmuktiCatalogue(),
		Products:  []lending.Product{Product()},
	}
}

// Date returns a date of the pilot's year; it is for the fixed dates of this
// package and of tests.
func Date(m time.Month, d int) calendar.Date {
	v, err := calendar.NewDate(2024, m, d)
	if err != nil {
		panic(err) // only the fixed dates of this package reach here
	}
	return v
}

// nik makes a valid NIK for Kabupaten Bandung Barat (32 17), Kecamatan
// Cihampelas (07), with a birth date and serial; neutral, not a real one.
func nik(birthDay, month, year, serial int) members.NIK {
	n, err := members.ParseNIK(fmt.Sprintf("321707%02d%02d%02d%04d", birthDay, month, year%100, serial))
	if err != nil {
		panic(err)
	}
	return n
}

// Participants are the 15 borrowers: P01..P05 in RT 01, P06..P10 in RT 02,
// P11..P15 in RT 03 of RW 08. P05 and P10 are the TKM members.
func Participants() []members.Member {
	out := make([]members.Member, 0, 15)
	for i := 1; i <= 15; i++ {
		rt := (i-1)/5 + 1
		role := "keluarga miskin"
		if i == 5 || i == 10 {
			role = "anggota TKM"
		}
		out = append(out, members.Member{
			ID:        members.ID(fmt.Sprintf("P%02d", i)),
			Name:      fmt.Sprintf("Peserta %02d (%s)", i, role),
			NIK:       nik(41+i%20, 1+i%12, 1975+i, i),
			KK:        fmt.Sprintf("32170701%02d%06d", rt, 100+i),
			BirthDate: Date(time.January, 1).AddYears(-(49 - i)),
			Address: members.Address{
				Street: fmt.Sprintf("Kampung Awilarangan, RT %02d", rt), RT: rt, RW: 8,
				Village: "Mekarmukti", District: "Cihampelas", Regency: "Bandung Barat",
				Location: members.Coordinates{Lat: -6_871_000 - int64(rt)*900 - int64(i%5)*40, Lon: 107_455_000 + int64(rt)*700 + int64(i%5)*35},
			},
			Business:  members.Business{Type: members.BusinessFishProcessing, Description: "olahan ikan pindang"},
			Joined:    Date(time.January, 1).AddMonths(-1),
			Status:    members.Active,
			Documents: members.Documents{KTP: true, KK: true},
		})
	}
	return out
}

// Lenders are the five lenders, members recruited from local stakeholders.
func Lenders() []members.Member {
	roles := []string{"ketua RW", "kader PKK", "kader PKK", "kader PKK", "pengurus koperasi"}
	out := make([]members.Member, 0, len(roles))
	for i, role := range roles {
		out = append(out, members.Member{
			ID:        members.ID(fmt.Sprintf("L%02d", i+1)),
			Name:      fmt.Sprintf("Pemberi pinjaman %02d (%s)", i+1, role),
			NIK:       nik(10+i, 6, 1970+i, 50+i),
			KK:        fmt.Sprintf("3217070108%06d", 500+i),
			BirthDate: Date(time.June, 10+i).AddYears(-(54 - i)),
			Address: members.Address{
				Street: "Kampung Awilarangan", RT: 1 + i%3, RW: 8,
				Village: "Mekarmukti", District: "Cihampelas", Regency: "Bandung Barat",
			},
			Business:  members.Business{Type: "other"},
			Joined:    Date(time.March, 5),
			Status:    members.Active,
			Documents: members.Documents{KTP: true, KK: true},
		})
	}
	return out
}

// GroupIDs are the pilot's groups, in order.
func GroupIDs() []groups.ID { return []groups.ID{"G1", "G2", "G3"} }
