/**
 * @module
 * Built-in name lists for the shared people roster. Invented for this project; any resemblance to
 * a real colleague is the nature of common names. Kept as word lists so the file stays short.
 */

function words(...lines: readonly string[]): readonly string[] {
  // A Set drops repeats: the roster relies on every (first, last) pair being distinct.
  return Object.freeze([
    ...new Set(
      lines
        .join(" ")
        .split(/\s+/)
        .filter((word) => word.length > 0),
    ),
  ]);
}

export const FIRST_NAMES = words(
  "Aaliyah Aaron Abigail Adam Adrian Ahmed Aiden Aisha Alan Albert Alejandro Alex Alexander Alexis Alice Alicia",
  "Amal Amanda Amara Amelia Amir Amy Ana Andrea Andrew Angela Anika Anna Anthony Antonio Arjun Ashley Astrid",
  "Ava Ayumi Barbara Beatriz Ben Benjamin Bianca Bilal Blake Brandon Brian Brianna Bruno Caleb Camila Carla",
  "Carlos Carmen Caroline Catherine Chen Chloe Chris Christina Christopher Claire Clara Connor Cristina Daniel",
  "Daniela Darius David Deepa Diana Diego Dimitri Dmitri Dominic Dylan Elena Eli Elias Elif Elijah Elizabeth",
  "Ella Emeka Emily Emma Eric Erik Esther Ethan Eva Evelyn Fatima Felix Fernando Fiona Florian Francesca",
  "Gabriel Gabriela Gemma George Grace Hana Hannah Harper Harry Hassan Hector Helen Henry Hiroshi Hugo Ian",
  "Ibrahim Ingrid Irene Isaac Isabel Isabella Ivan Jack Jacob James Jamal Jana Jasmine Jason Javier Jayden",
  "Jennifer Jessica Joan Joao Joel John Jonas Jordan Jorge Jose Joseph Joshua Julia Julian Kai Kamala Karen",
  "Karim Kate Katherine Kenji Kevin Kiara Kim Kofi Laila Lars Laura Layla Leah Lena Leo Leon Liam Lily Lina",
  "Linda Lior Lucas Lucia Luis Luka Mai Malik Marco Maria Mariam Mark Marta Martin Mateo Matteo Maya Mehmet",
  "Mei Mia Michael Michelle Miguel Mila Mohammed Monica Nadia Naomi Natalia Nathan Neha Nia Nico Nina Noah",
  "Nora Olga Oliver Olivia Omar Oscar Owen Paolo Patricia Paul Pedro Peter Pia Priya Rachel Rafael Rahul Ravi",
  "Rebecca Ren Ricardo Rita Robert Rosa Ryan Sakura Samantha Samir Samuel Sara Sarah Sebastian Sergei Shreya",
  "Simone Sofia Sophie Stefan Stephanie Steven Sunita Tariq Teresa Thomas Tim Tomas Valentina Victor Victoria",
  "Vikram Wei William Xavier Yara Yasmin Yusuf Zara Zoe Zoltan",
);

export const LAST_NAMES = words(
  "Abe Acosta Adams Adeyemi Aguilar Ahmed Ali Allen Alvarez Andersen Anderson Andrade Antonelli Bailey Baker",
  "Banerjee Barnes Becker Bell Bennett Berg Bianchi Black Brooks Brown Bryant Butler Campbell Carter Castillo",
  "Chang Chavez Chen Cho Clark Cohen Coleman Collins Cook Cooper Costa Cruz Dahl Das Davies Davis Delgado Diaz",
  "Dubois Edwards Evans Fernandes Fischer Fisher Flores Foster Garcia Gomez Gonzalez Gordon Graham Green Gupta",
  "Gutierrez Haddad Hall Hamilton Hansen Harris Hayes Henderson Hernandez Hill Hoffmann Holm Hughes Hussain",
  "Ibrahim Ito Jackson James Jansen Jenkins Jimenez Johansson Johnson Jones Kaur Kelly Khan Kim King Klein Koch",
  "Kowalski Kumar Larsen Lee Lewis Li Lim Lindqvist Liu Lopez Lund Martin Martinez Mehta Mendoza Meyer Miller",
  "Mitchell Moore Morales Morgan Morris Mueller Murphy Murray Nakamura Nguyen Nielsen Novak Okafor Okonkwo",
  "Oliveira Olsen Ortiz Park Parker Patel Perez Perry Peters Petrov Phillips Popescu Powell Price Quinn Ramirez",
  "Ramos Rao Reddy Reed Reyes Richter Rivera Roberts Robinson Rodriguez Rogers Romano Rossi Russell Saito",
  "Sanchez Sanders Santos Sato Schmidt Schneider Schulz Scott Shah Sharma Silva Singh Smith Sokolov Stewart",
  "Suzuki Tan Tanaka Taylor Thomas Thompson Torres Turner Vargas Vasquez Virtanen Wagner Walker Wang Ward",
  "Watanabe Watson Weber White Williams Wilson Wong Wood Wright Wu Yamamoto Yang Young Zhang Zhao Ziegler",
  "Abara Bakshi Castro Dimitrov Eriksen Farouk Ferrari Gallo Horvath Iyer Janssen Kovacs Lambert Marino",
  "Nowak Osei Pereira Qureshi Rahman Sorensen Takahashi Ueda Varga Weiss Yilmaz Zimmermann",
);

export const DEPARTMENTS: readonly { name: string; titles: readonly string[] }[] = [
  {
    name: "Engineering",
    titles: [
      "Software Engineer",
      "Senior Software Engineer",
      "Staff Engineer",
      "Engineering Manager",
      "Site Reliability Engineer",
      "QA Engineer",
    ],
  },
  { name: "Product", titles: ["Product Manager", "Senior Product Manager", "Product Designer", "UX Researcher"] },
  {
    name: "Sales",
    titles: ["Account Executive", "Sales Engineer", "Sales Development Representative", "Sales Manager"],
  },
  { name: "Marketing", titles: ["Marketing Manager", "Content Strategist", "Growth Marketer", "Brand Designer"] },
  { name: "Customer Success", titles: ["Customer Success Manager", "Support Engineer", "Support Specialist"] },
  { name: "Finance", titles: ["Financial Analyst", "Controller", "Accountant"] },
  { name: "People", titles: ["People Partner", "Recruiter", "People Operations Manager"] },
  { name: "IT", titles: ["IT Administrator", "Security Engineer", "IT Support Specialist"] },
  { name: "Operations", titles: ["Operations Manager", "Business Analyst", "Project Coordinator"] },
  { name: "Legal", titles: ["Legal Counsel", "Paralegal"] },
];

export const DEPARTMENT_NAMES: readonly string[] = DEPARTMENTS.map((department) => department.name);

export const TIME_ZONES = words(
  "America/New_York America/Chicago America/Denver America/Los_Angeles America/Toronto America/Sao_Paulo",
  "Europe/London Europe/Berlin Europe/Paris Europe/Madrid Europe/Warsaw Europe/Stockholm Asia/Kolkata",
  "Asia/Singapore Asia/Tokyo Australia/Sydney Africa/Lagos",
);

/** The company every seeded tenant belongs to. `.example` is reserved (RFC 2606), so no mail can leak. */
export const COMPANY_DOMAIN = "acme-corp.example";

/** Where the few people who signed up with a private address get their mail. */
export const PERSONAL_DOMAINS = words("mailbox.example inbox.example postbox.example");
