//! Invented but real-looking names of people, so that pseudonymisation has
//! something to hide (including names with accents and apostrophes).

use super::rng::Draw;

const FIRST: &[&str] = &[
    "Aisha",
    "Alex",
    "Amelia",
    "Ana",
    "Andrea",
    "Anna",
    "Arjun",
    "Ben",
    "Björn",
    "Camille",
    "Carlos",
    "Chen",
    "Chloe",
    "Chris",
    "Daniel",
    "David",
    "Diego",
    "Elena",
    "Elif",
    "Emma",
    "Ethan",
    "Fatima",
    "Felix",
    "Fiona",
    "Gabriel",
    "Grace",
    "Hannah",
    "Hiroshi",
    "Ines",
    "Isaac",
    "Ivan",
    "Jack",
    "James",
    "Jan",
    "Javier",
    "Jessica",
    "Joanna",
    "José",
    "Julia",
    "Karim",
    "Katarzyna",
    "Kofi",
    "Laura",
    "Leila",
    "Liam",
    "Lina",
    "Lucas",
    "Łukasz",
    "Maria",
    "Mark",
    "Marta",
    "Mateo",
    "Mei",
    "Mia",
    "Michael",
    "Mohammed",
    "Nadia",
    "Naomi",
    "Niamh",
    "Nikhil",
    "Noah",
    "Olga",
    "Oliver",
    "Omar",
    "Paul",
    "Pedro",
    "Priya",
    "Rachel",
    "Rahul",
    "Ravi",
    "Rosa",
    "Ruth",
    "Samuel",
    "Sara",
    "Sean",
    "Siobhán",
    "Sofia",
    "Sophie",
    "Stefan",
    "Sunita",
    "Tariq",
    "Thomas",
    "Tom",
    "Valentina",
    "Victor",
    "Wei",
    "William",
    "Yara",
    "Yusuf",
    "Zoë",
    "Zofia",
    "Ahmed",
    "Beatriz",
    "Connor",
    "Dmitri",
    "Emeka",
    "François",
    "Greta",
    "Hugo",
    "Ingrid",
];

const LAST: &[&str] = &[
    "Adams",
    "Ahmed",
    "Ali",
    "Andersen",
    "Bakker",
    "Becker",
    "Bianchi",
    "Brown",
    "Campbell",
    "Chen",
    "Clarke",
    "Costa",
    "Da Silva",
    "Davies",
    "Dubois",
    "Evans",
    "Fernández",
    "Fischer",
    "García",
    "Gonzalez",
    "Green",
    "Gupta",
    "Hall",
    "Hansen",
    "Hernández",
    "Hill",
    "Hughes",
    "Ivanova",
    "Jackson",
    "Jansen",
    "Johnson",
    "Jones",
    "Kaur",
    "Khan",
    "Kim",
    "King",
    "Kowalski",
    "Kumar",
    "Larsen",
    "Lee",
    "Lewis",
    "Li",
    "López",
    "Martin",
    "Martínez",
    "Meyer",
    "Miller",
    "Moreau",
    "Müller",
    "Murphy",
    "Nakamura",
    "Nguyen",
    "Nielsen",
    "Novak",
    "O'Brien",
    "O'Connor",
    "Okafor",
    "Olsen",
    "Patel",
    "Pereira",
    "Petrov",
    "Rossi",
    "Sánchez",
    "Santos",
    "Schmidt",
    "Schneider",
    "Shah",
    "Singh",
    "Smith",
    "Sousa",
    "Stewart",
    "Suzuki",
    "Taylor",
    "Thomas",
    "Thompson",
    "Tanaka",
    "Van Dijk",
    "Wagner",
    "Walker",
    "Wang",
    "Watson",
    "Weber",
    "White",
    "Williams",
    "Wilson",
    "Wójcik",
    "Wright",
    "Yamamoto",
    "Yilmaz",
    "Young",
    "Zhang",
    "Ødegaard",
    "Horváth",
    "Nowak",
    "Popescu",
    "Mensah",
    "Haddad",
    "Byrne",
    "Lindqvist",
    "Costa-Reis",
];

/// Hands out distinct full names in a seeded order.
pub struct NamePool {
    order: Vec<u32>,
    next: usize,
}

impl NamePool {
    pub fn new(draw: &mut Draw) -> Self {
        let n = (FIRST.len() * LAST.len()) as u32;
        let mut order: Vec<u32> = (0..n).collect();
        // Fisher-Yates with our own draws.
        for i in (1..order.len()).rev() {
            let j = draw.below(i as u64 + 1) as usize;
            order.swap(i, j);
        }
        NamePool { order, next: 0 }
    }

    /// The next unused name; after every combination is used, a number is appended.
    pub fn next(&mut self) -> String {
        let i = self.next % self.order.len();
        let round = self.next / self.order.len();
        self.next += 1;
        let code = self.order[i] as usize;
        let name = format!("{} {}", FIRST[code % FIRST.len()], LAST[code / FIRST.len()]);
        if round == 0 {
            name
        } else {
            format!("{name} {}", round + 1)
        }
    }
}

/// `first.last@example.org` for a full name (ASCII letters only).
pub fn email(name: &str) -> String {
    let mut out = String::new();
    for part in name.split(' ') {
        if !out.is_empty() {
            out.push('.');
        }
        for c in part.chars() {
            let plain = match c {
                'á' | 'à' | 'ã' => 'a',
                'é' | 'è' => 'e',
                'í' => 'i',
                'ó' | 'ö' | 'ø' | 'Ø' => 'o',
                'ú' | 'ü' => 'u',
                'ł' | 'Ł' => 'l',
                'ç' => 'c',
                'ë' => 'e',
                c => c,
            };
            if plain.is_ascii_alphanumeric() {
                out.push(plain.to_ascii_lowercase());
            }
        }
    }
    out.push_str("@example.org");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::generate::rng::Stream;
    use std::collections::BTreeSet;

    #[test]
    fn names_are_distinct_and_repeatable() {
        let mut a = NamePool::new(&mut Draw::new(1, Stream::Organisation));
        let mut b = NamePool::new(&mut Draw::new(1, Stream::Organisation));
        let names: Vec<String> = (0..12_000).map(|_| a.next()).collect();
        let set: BTreeSet<&String> = names.iter().collect();
        assert_eq!(set.len(), names.len());
        assert_eq!(names[0], b.next());
    }

    #[test]
    fn emails_are_ascii() {
        assert_eq!(email("Zoë O'Brien"), "zoe.obrien@example.org");
        assert_eq!(email("Łukasz Wójcik"), "lukasz.wojcik@example.org");
    }
}
